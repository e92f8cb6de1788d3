using System.IO;
using System.Linq;
using GenAi.MLNet.Core.Columns;

namespace GenAi.MLNet.Models.Boltzmann;

/// <summary>What an RBM keeps beyond its weights: the training data's per-unit means, the base-rate model of the partition-function estimate and the start of sampling chains.</summary>
internal sealed class RbmState : ISavedState
{
    public float[] VisibleMeans { get; set; } = [];

    public void Validate(ModelInputs inputs, string modelName)
    {
        var features = inputs.Find<FeatureInput>();
        if (features is null || VisibleMeans.Length != features.Shape.Size || VisibleMeans.Any(v => !(v >= 0 && v <= 1)))
        {
            throw new InvalidDataException($"The saved {modelName} model's state does not fit its inputs. The file is damaged or was written by another program.");
        }
    }
}
