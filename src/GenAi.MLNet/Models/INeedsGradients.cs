using GenAi.MLNet.Core.Columns;
using GenAi.MLNet.Training;
using TorchSharp;

namespace GenAi.MLNet.Models;

/// <summary>Marks a mapper that computes gradients (e.g. MAP imputation); others run under <c>no_grad</c>.</summary>
internal interface INeedsGradients
{
}
