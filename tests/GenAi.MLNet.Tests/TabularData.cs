using System;
using GenAi.MLNet.Data;
using Microsoft.ML;

namespace GenAi.MLNet.Tests;

/// <summary>Standardised tabular data from data/ for tests: Shuttle's nine readings as one vector.</summary>
internal static class TabularData
{
    /// <summary>Shuttle: 3,000 training and 1,000 test rows, <c>Features</c> (9, standardised on the training rows) and <c>Class</c> (text), <c>IsNormal</c>-independent.</summary>
    public static readonly Lazy<(IDataView Train, IDataView Test)> Shuttle = new(() =>
    {
        var ml = new MLContext(1);
        var frame = TabularDatasets.Shuttle();
        var rows = ml.Data.ShuffleRows(frame, seed: 1);
        var train = ml.Data.TakeRows(rows, 3000);
        var test = ml.Data.TakeRows(ml.Data.SkipRows(rows, 3000), 1000);
        var prepare = ml.Transforms.Concatenate("Features", TabularDatasets.ShuttleFeatures)
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Fit(train);
        // Cache so that every read gives the same rows cheaply.
        return (ml.Data.Cache(prepare.Transform(train)), ml.Data.Cache(prepare.Transform(test)));
    });
}
