using GenAi.MLNet.Core;
// A pre-trained language model with a classification head: the body reads the text and gives a vector per
// token, pooling makes one vector of them, and a linear layer maps it to class scores (Radford et al. 2018 for
// a GPT, Devlin et al. 2019 for BERT, Howard and Ruder 2018 for an LSTM). Fine-tuning trains all of it, the
// head alone, or the head and the last layers.
//
// Shapes: B texts, T tokens (boundary first, right-padded), F feature width, K outputs (1 for two classes).
using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenAi.MLNet.Models.Language;

/// <summary>A pre-trained language model's body with a linear classification head: token ids <c>(B, T)</c> and their mask to class scores <c>(B, K)</c>.</summary>
public sealed class TextClassifierNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module body;      // the pre-trained network (its language-model head unused)
    private readonly Dropout dropout;
    private readonly Linear classifier;   // F -> K
    private readonly TextPooling _pooling;

    internal TextClassifierNetwork(PretrainedBody description, int outputs, TextPooling pooling, double dropout)
        : base(nameof(TextClassifierNetwork))
    {
        ArgumentNullException.ThrowIfNull(description);
        Description = description;
        body = description.Create();
        this.dropout = nn.Dropout(dropout);
        classifier = nn.Linear(description.FeatureSize, outputs);
        _pooling = pooling;
        RegisterComponents();

        // A small head, so the first steps do not push large, random gradients into the pre-trained body.
        using var noGrad = no_grad();
        nn.init.normal_(classifier.weight!, 0, 0.02);
        nn.init.zeros_(classifier.bias!);
    }

    internal PretrainedBody Description { get; }

    /// <summary>The body, named "body" in the saved weights.</summary>
    internal nn.Module Body => body;

    /// <summary>Scores <c>(B, K)</c> of token ids <c>(B, T)</c> (boundary first, right-padded); <paramref name="valid"/> <c>(B, T)</c> marks real tokens.</summary>
    public override Tensor forward(Tensor idx, Tensor valid) => classifier.call(dropout.call(Pool(Features(idx, valid), valid)));

    /// <summary>The body's per-token vectors, <c>(B, T, F)</c>.</summary>
    internal Tensor Features(Tensor idx, Tensor valid) => PretrainedBody.Features(body, idx, valid);

    /// <summary>One vector per text, <c>(B, F)</c>, from the per-token vectors <paramref name="h"/> <c>(B, T, F)</c>.</summary>
    internal Tensor Pool(Tensor h, Tensor valid) => Pool(h, valid, _pooling);

    internal static Tensor Pool(Tensor h, Tensor valid, TextPooling pooling)
    {
        switch (pooling)
        {
            case TextPooling.First:
                return h.select(1, 0);                                                       // (B, F)
            case TextPooling.Last:
                {
                    var last = valid.sum(1).Minus(1).view(-1, 1, 1).expand(-1, 1, h.shape[2]); // (B, 1, F): each text's last real position
                    return h.gather(1, last).squeeze(1);                                     // (B, F)
                }

            default:
                {
                    var weights = valid.unsqueeze(-1).to_type(h.dtype);                      // (B, T, 1)
                    return (h * weights).sum(1) / weights.sum(1).ClampMin(1);               // (B, F): mean over real tokens
                }
        }
    }
}
