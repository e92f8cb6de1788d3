using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Data;

/// <summary>
/// Loaders for the tabular data sets in the repository's <c>data/tabular</c> folder, as Microsoft.Data.Analysis
/// <see cref="DataFrame"/>s (which are ML.NET <c>IDataView</c>s). Provenance in data/README.md.
/// </summary>
public static class TabularDatasets
{
    /// <summary>
    /// Statlog (Shuttle): 58,000 rows of nine numeric sensor readings <c>V1</c>..<c>V9</c> (Single) and the
    /// text column <c>Class</c> (Rad.Flow is about 78.6 % of the rows: the classic anomaly-detection benchmark).
    /// </summary>
    public static DataFrame Shuttle(string? dataDirectory = null)
    {
        var path = DataDirectory.File("tabular/Shuttle.csv.gz", dataDirectory);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        memory.Position = 0;
        return DataFrame.LoadCsv(memory);
    }

    /// <summary>
    /// Lending Club loans (modeldata): 9,857 rows of 22 columns and <c>Class</c> ("good", or "bad" for the 5.2 % of
    /// loans that went bad) — a small, imbalanced credit-risk table. Text columns: <see cref="LendingClubCategorical"/>;
    /// the others are numbers (Single).
    /// </summary>
    public static DataFrame LendingClub(string? dataDirectory = null)
        => DataFrame.LoadCsv(DataDirectory.File("tabular/lending_club.csv", dataDirectory));

    /// <summary>The text (categorical) feature columns of <see cref="LendingClub"/>.</summary>
    public static readonly string[] LendingClubCategorical = ["term", "sub_grade", "addr_state", "verification_status", "emp_length"];

    /// <summary>The numeric feature columns of <see cref="LendingClub"/>.</summary>
    public static readonly string[] LendingClubNumeric =
    [
        "funded_amnt", "int_rate", "annual_inc", "delinq_2yrs", "inq_last_6mths", "revol_util", "acc_now_delinq", "open_il_6m", "open_il_12m",
        "open_il_24m", "total_bal_il", "all_util", "inq_fi", "inq_last_12m", "delinq_amnt", "num_il_tl", "total_il_high_credit_limit",
    ];

    /// <summary>The nine feature column names of <see cref="Shuttle"/>.</summary>
    public static readonly string[] ShuttleFeatures = ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9"];

    /// <summary>
    /// Credit scoring (modeldata's <c>credit_data</c>): 4,454 loan applicants, <c>Status</c> ("good", or "bad" for the
    /// 28 % who defaulted), the numbers <see cref="CreditNumeric"/> (Single; "NA" is read as NaN — replace it before
    /// training) and the text columns <see cref="CreditCategorical"/> ("NA" kept as a category). Read with ML.NET's text
    /// loader, which has a missing-value convention a DataFrame lacks.
    /// </summary>
    public static IDataView Credit(MLContext mlContext, string? dataDirectory = null)
    {
        System.ArgumentNullException.ThrowIfNull(mlContext);
        string[] order = ["Status", "Seniority", "Home", "Time", "Age", "Marital", "Records", "Job", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"];
        var columns = order.Select((name, i) => new TextLoader.Column(name, CreditNumeric.Contains(name) ? DataKind.Single : DataKind.String, i)).ToArray();
        return mlContext.Data.LoadFromTextFile(DataDirectory.File("tabular/credit_data.csv", dataDirectory),
            new TextLoader.Options { Columns = columns, Separators = [','], HasHeader = true, AllowQuoting = true, MissingRealsAsNaNs = true });
    }

    /// <summary>The numeric feature columns of <see cref="Credit"/>.</summary>
    public static readonly string[] CreditNumeric = ["Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"];

    /// <summary>The text (categorical) feature columns of <see cref="Credit"/>.</summary>
    public static readonly string[] CreditCategorical = ["Home", "Marital", "Records", "Job"];
}
