using System;
using System.IO;
using System.Linq;
using GenAi.MLNet.Data;
using GenAi.MLNet.Metrics;
using GenAi.MLNet.Models.Autoregressive;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GenAi.MLNet.Tests.Models.Autoregressive;

[Collection(TorchCollection.Name)]
public sealed class WaveNetTests(ITestOutputHelper output)
{
    /// <summary>
    /// Audio rendered from the 13 MIDI pieces in data/music at 8 kHz: each piece's first 80 % to train, the last
    /// 20 % to test, cut into clips of 512 samples; a short run (half the training clips, one epoch, a network of 16
    /// residual channels). WaveNet's bits per sample on the test clips (4.588) beat a unigram (7.764), a bigram
    /// (5.570) and a trigram (4.753) over the same μ-law classes; generated audio round-trips through a .wav file.
    /// </summary>
    [Fact]
    public void WaveNetBeatsNGramBaselinesOnRenderedMidiAndWritesWav()
    {
        const int rate = 8000, clip = 512;
        var pieces = Directory.GetFiles(Path.Combine(DataDirectory.Find(), "music"), "*.mid").Order(StringComparer.Ordinal).Select(p => MidiAudio.Render(p, rate)).ToArray();
        var trainAudio = pieces.Select(p => p[..(int)(p.Length * 0.8)]).ToArray();
        var testAudio = pieces.Select(p => p[(int)(p.Length * 0.8)..]).ToArray();
        var (trainClips, testClips) = (AudioClips.Cut(trainAudio, clip).Where((_, i) => i % 2 == 0).ToArray(), AudioClips.Cut(testAudio, clip).Where((_, i) => i % 4 == 0).ToArray());   // a short run: every 2nd training clip
        output.WriteLine($"{pieces.Length} pieces, {pieces.Sum(p => p.Length) / (double)rate:F0} s of audio; {trainClips.Length} training clips, {testClips.Length} test clips");

        var ml = new MLContext(seed: 1);
        var model = ml.Generative().WaveNet(new WaveNetOptions { Epochs = 1, BatchSize = 8, LearningRate = 2e-3, ResidualChannels = 16, SkipChannels = 32, Dilations = [1, 2, 4, 8, 16, 32, 64, 128], NumberOfThreads = 1 }).Fit(AudioClips.ToDataView(trainClips));
        var bits = model.Transform(AudioClips.ToDataView(testClips)).GetColumn<float>("BitsPerSample").Average();
        var (trainClasses, testClasses) = (trainClips.Select(c => MuLaw.Encode(c)).ToArray(), testClips.Select(c => MuLaw.Encode(c)).ToArray());
        var unigram = SequenceBaselines.BitsPerSymbol(trainClasses, testClasses, 256, 1);
        var trigram = SequenceBaselines.BitsPerSymbol(trainClasses, testClasses, 256, 3);
        var bigram = SequenceBaselines.BitsPerSymbol(trainClasses, testClasses, 256, 2);
        output.WriteLine($"test bits per sample: WaveNet {bits:F3}, unigram {unigram:F3}, bigram {bigram:F3}, trigram {trigram:F3}");
        Assert.True(bits < trigram, $"WaveNet {bits:F3} vs trigram {trigram:F3}");
        Assert.True(trigram < unigram, $"trigram {trigram:F3} vs unigram {unigram:F3}");

        var audio = model.Generate(1, 2000, seed: 2)[0];
        var path = Path.Combine(Path.GetTempPath(), $"genai-wavenet-{Guid.NewGuid():N}.wav");
        try
        {
            WaveFile.Write(path, audio, rate);
            var (read, readRate) = WaveFile.Read(path);
            Assert.Equal(rate, readRate);
            Assert.Equal(audio.Length, read.Length);
            Assert.InRange(read.Zip(audio, (a, b) => Math.Abs(a - b)).Max(), 0, 1e-4);
            output.WriteLine($"generated RMS {Math.Sqrt(audio.Average(x => x * x)):F3} (test audio {Math.Sqrt(testAudio.SelectMany(a => a).Average(x => x * x)):F3})");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
