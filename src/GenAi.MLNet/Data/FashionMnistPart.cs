using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GenAi.MLNet.Core;

namespace GenAi.MLNet.Data;

/// <summary>Which half of Fashion-MNIST to load.</summary>
public enum FashionMnistPart
{
    /// <summary>The 60,000 training images.</summary>
    Train,

    /// <summary>The 10,000 test images.</summary>
    Test,
}
