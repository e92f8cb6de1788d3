using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>What the text classifier's estimator and transformer share.</summary>
internal static class TextClassifierFamily
{
    /// <summary>A batch of texts (and second texts) as the network's inputs: boundary first, cut, right-padded.</summary>
    public static (Tensor Tokens, Tensor Valid) Inputs(IReadOnlyList<long[]> first, IReadOnlyList<long[]>? second, long boundary, int maxTokens, Device device)
    {
        var sequences = first.Select((ids, i) => PretrainedBody.Sequence(boundary, ids, second?[i], maxTokens + 1)).ToArray();
        return MaskedLanguageModelFamily.Collate(sequences, 0, device);               // right-padded (B, T) and its real-token mask
    }

    /// <summary>The network for the inputs' classes (one output for two Boolean classes), its body built from <paramref name="body"/>.</summary>
    public static TextClassifierNetwork CreateNetwork(TextClassifierOptions options, Core.Columns.ModelInputs inputs, PretrainedBody body)
    {
        var classes = inputs.Find<Core.Columns.ClassInput>()!;
        return new TextClassifierNetwork(body, classes.IsBoolean ? 1 : classes.ClassNames.Count, options.Pooling, options.HeadDropout);
    }

    /// <summary>Freezes the body's weights that <paramref name="options"/>' mode keeps (and the language-model head a classifier does not use).</summary>
    public static void Freeze(TextClassifierNetwork network, TextClassifierOptions options)
    {
        var layers = network.Description.Layers;
        foreach (var (name, p) in network.Body.named_parameters())
        {
            var layer = network.Description.LayerOf(name);
            p.requires_grad = layer is { } l && options.Mode switch
            {
                FineTuningMode.Full => true,
                FineTuningMode.LastLayers => l >= layers - options.TrainableLayers,
                _ => false,
            };
        }
    }

    /// <summary>Checks the options against the pre-trained network (names the option).</summary>
#pragma warning disable CA2208 // The exceptions name the option at fault, as Validate does.
    public static void Check(TextClassifierOptions options, PretrainedBody body)
    {
        if (options.Pooling == TextPooling.First && body.IsCausal)
        {
            throw new ArgumentException("Pooling First reads only the boundary token, which a causal model (GPT, LSTM) sees before any text: use Mean or Last.", nameof(TextClassifierOptions.Pooling));
        }

        if (options.Mode == FineTuningMode.LastLayers && options.TrainableLayers > body.Layers)
        {
            throw new ArgumentOutOfRangeException(nameof(TextClassifierOptions.TrainableLayers), options.TrainableLayers, $"TrainableLayers is more than the pre-trained model's {body.Layers} layers.");
        }

        if (options.MaxTokens is { } tokens && tokens > body.ContextLength - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TextClassifierOptions.MaxTokens), tokens, $"MaxTokens is more than the pre-trained model reads after its boundary token ({body.ContextLength - 1}).");
        }
    }
#pragma warning restore CA2208
}
