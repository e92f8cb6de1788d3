namespace GenAi.MLNet.Models.Autoencoders;

/// <summary>The encoder and decoder family.</summary>
public enum AutoencoderArchitecture
{
    /// <summary>Fully connected layers (<see cref="AutoencoderOptions.HiddenSizes"/>); works on any vector.</summary>
    Mlp,

    /// <summary>
    /// Strided convolutions (<see cref="AutoencoderOptions.ConvChannels"/>); needs an image shape in the
    /// feature column's dimensions, e.g. <c>(1, 28, 28)</c> or <c>(3, 32, 32)</c>, with height and width
    /// divisible by 2^stages.
    /// </summary>
    Convolutional,
}
