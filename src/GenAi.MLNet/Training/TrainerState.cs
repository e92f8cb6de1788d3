using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GenAi.MLNet.Core;
using GenAi.MLNet.Core.Persistence;
using TorchSharp;
using static TorchSharp.torch;

namespace GenAi.MLNet.Training;

/// <summary>The trainer's own state between epochs: where it is and what early stopping remembers.</summary>
internal sealed class TrainerState
{
    public int Epoch { get; set; }

    public long Step { get; set; }

    public double Best { get; set; } = double.PositiveInfinity;

    public int BestEpoch { get; set; }

    public int SinceImprovement { get; set; }

    public Dictionary<string, Tensor>? BestWeights { get; set; }
}
