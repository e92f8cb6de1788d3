using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using GenAi.MLNet.Training.Optimizers;
using TorchSharp.Modules;

namespace GenAi.MLNet.Training;

/// <summary>The optimizer a trainer uses.</summary>
public enum OptimizerKind
{
    /// <summary><see cref="Optimizers.Adam"/> (with <see cref="TorchTrainerOptions.WeightDecay"/> as an L2 term, as torch.optim.Adam).</summary>
    Adam,

    /// <summary><see cref="Optimizers.AdamW"/>: decoupled weight decay on weights of two or more dimensions only.</summary>
    AdamW,

    /// <summary><see cref="Optimizers.Sgd"/> with <see cref="TorchTrainerOptions.Momentum"/>.</summary>
    Sgd,
}
