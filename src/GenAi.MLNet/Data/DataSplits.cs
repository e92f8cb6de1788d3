using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace GenAi.MLNet.Data;

/// <summary>Train, validation and test parts of a data set.</summary>
/// <param name="Train">Training rows.</param>
/// <param name="Validation">Validation rows (may be empty: zero rows).</param>
/// <param name="Test">Test rows.</param>
public sealed record DataSplits(ImageDataset Train, ImageDataset Validation, ImageDataset Test);
