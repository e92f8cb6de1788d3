using System.IO;
using System.Linq;
using GenAi.MLNet.Core.Columns;

namespace GenAi.MLNet.Models.Gan;

/// <summary>What a GAN keeps beyond its weights: the snapshots taken while training and the generator steps.</summary>
internal sealed class GanState : ISavedState
{
    public GanSnapshot[] Snapshots { get; set; } = [];

    public long GeneratorSteps { get; set; }

    public void Validate(ModelInputs inputs, string modelName)
    {
        var size = inputs.Find<FeatureInput>()?.Shape.Size ?? -1;
        var classes = inputs.Find<ClassInput>()?.ClassNames.Count ?? 0;
        var valid = GeneratorSteps >= 0 && Snapshots is not null && Snapshots.All(s =>
            s is not null && s.Samples is not null && s.Samples.All(r => r is not null && r.Length == size)
            && (s.Labels is null || (s.Labels.Length == s.Samples.Length && s.Labels.All(l => l >= 0 && l < classes))));
        if (!valid)
        {
            throw new InvalidDataException($"The saved {modelName} model's state does not fit its inputs. The file is damaged or was written by another program.");
        }
    }
}
