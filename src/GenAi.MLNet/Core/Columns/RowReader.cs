using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GenAi.MLNet.Core.Columns;

/// <summary>Reads the current row of a cursor into row <c>index</c> of a buffer; <c>position</c> is the row's position for messages.</summary>
internal delegate void RowReader(int index, long position);
