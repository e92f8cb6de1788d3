using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Data;

namespace GenAi.MLNet.Models.Gan;

/// <summary>What the GAN estimator and transformer share: the data column's allowed range and the network.</summary>
internal static class GanFamily
{
    /// <summary>The data column, with the range the generator's output activation can produce.</summary>
    public static FeatureInput Features(GanOptions options, VectorShape shape) => new(options.FeatureColumnName, shape, options.OutputActivation switch
    {
        GanOutputActivation.Sigmoid => new ValueRange(0, 1, "the generator's sigmoid output lies in [0, 1]; scale the column (e.g. NormalizeMinMax) or set OutputActivation = None (or Auto)."),
        GanOutputActivation.Tanh => new ValueRange(-1, 1, "the generator's tanh output lies in [-1, 1]; scale the column or set OutputActivation = None (or Auto)."),
        _ => null,
    });

    public static GanPair CreateNetwork(GanOptions options, ModelInputs inputs)
        => new(GanSpec.From(options, inputs.Find<FeatureInput>()!.Shape, inputs.Find<ClassInput>()?.ClassNames.Count ?? 0), options.GeneratorEma > 0);

    public static GanPair CreateNetwork(GanOptions options, ModelInputs inputs, GanState state) => CreateNetwork(options, inputs);
}
