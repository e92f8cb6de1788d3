using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using TorchSharp;

namespace GenAi.MLNet.Models;

/// <summary>What a family is given to build its training step with.</summary>
/// <param name="Generator">The run's private random-number generator (noise, sampling).</param>
/// <param name="Device">The training device.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Train">The training batches (e.g. for per-feature statistics).</param>
/// <param name="Inputs">The model's input columns as described for the transformer (e.g. a text column with its tokenizer).</param>
internal sealed record TrainingSetup(torch.Generator Generator, torch.Device Device, int Seed, BatchSource Train, ModelInputs Inputs);
