using System.IO;
using System.Linq;
using GenAi.MLNet.Core.Columns;

namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>What an autoencoder keeps beyond its weights: the training data's per-feature means (the mean-fill baseline of imputation) and the anomaly threshold.</summary>
internal sealed class AutoencoderState : ISavedState
{
    public float[] FeatureMeans { get; set; } = [];

    public double AnomalyThreshold { get; set; }

    public void Validate(ModelInputs inputs, string modelName)
    {
        var features = inputs.Find<FeatureInput>();
        if (features is null || FeatureMeans.Length != features.Shape.Size || FeatureMeans.Any(v => !float.IsFinite(v)) || !double.IsFinite(AnomalyThreshold))
        {
            throw new InvalidDataException($"The saved {modelName} model's state does not fit its inputs. The file is damaged or was written by another program.");
        }
    }
}
