using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using TorchSharp;

namespace GenAi.MLNet.Models;

/// <summary>What every fitted model is made of: its options, the input columns it reads, its network, its training history and seed.</summary>
internal sealed record ModelParts<TOptions, TNetwork>(TOptions Options, ModelInputs Inputs, TNetwork Network, TrainingHistory History, int Seed)
    where TOptions : TorchTrainerOptions
    where TNetwork : torch.nn.Module;
