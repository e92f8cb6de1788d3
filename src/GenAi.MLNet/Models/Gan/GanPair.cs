using GenAi.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Gan;

/// <summary>The generator, the discriminator and (optionally) the moving average of the generator, trained and saved together.</summary>
public sealed class GanPair : nn.Module
{
    private readonly GanGenerator generator;
    private readonly GanDiscriminator discriminator;
    private readonly GanGenerator? emaGenerator;

    internal GanPair(GanSpec spec, bool ema) : base(nameof(GanPair))
    {
        Spec = spec;
        generator = new GanGenerator(spec);
        discriminator = new GanDiscriminator(spec);
        if (ema)
        {
            emaGenerator = new GanGenerator(spec);
            ExponentialMovingAverage.Initialize(emaGenerator, generator);
        }

        RegisterComponents();
    }

    internal GanSpec Spec { get; }

    /// <summary>The generator being trained.</summary>
    public GanGenerator Generator => generator;

    /// <summary>The discriminator (or critic).</summary>
    public GanDiscriminator Discriminator => discriminator;

    /// <summary>The generator used for sampling: the moving average when there is one.</summary>
    public GanGenerator Sampler => emaGenerator ?? generator;

    /// <summary>theta_ema = decay * theta_ema + (1 - decay) * theta; batch-norm statistics are copied.</summary>
    internal void UpdateEma(double decay)
    {
        if (emaGenerator is not null)
        {
            ExponentialMovingAverage.Update(emaGenerator, generator, decay);
        }
    }

    /// <summary>Generates rows from noise in evaluation mode (batch-norm running statistics), then restores the mode.</summary>
    public Tensor Sample(Tensor noise, Tensor? labels)
    {
        var sampler = Sampler;
        var wasTraining = sampler.training;
        sampler.eval();
        try
        {
            using var noGrad = no_grad();
            return sampler.Generate(noise, labels);
        }
        finally
        {
            sampler.train(wasTraining);
        }
    }
}
