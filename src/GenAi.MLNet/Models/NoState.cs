using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using TorchSharp;

namespace GenAi.MLNet.Models;

/// <summary>The state of a family that keeps none beyond the common parts.</summary>
internal sealed class NoState : ISavedState
{
    public void Validate(ModelInputs inputs, string modelName)
    {
    }
}
