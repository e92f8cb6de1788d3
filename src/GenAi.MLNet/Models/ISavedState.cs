using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using TorchSharp;

namespace GenAi.MLNet.Models;

/// <summary>A family's own saved state (<c>State.json</c>), checked when a model is loaded.</summary>
internal interface ISavedState
{
    /// <summary>Throws <see cref="System.IO.InvalidDataException"/> when the state does not fit the model.</summary>
    void Validate(ModelInputs inputs, string modelName);
}
