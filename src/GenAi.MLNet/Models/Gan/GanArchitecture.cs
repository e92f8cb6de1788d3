namespace GenAi.MLNet.Models.Gan;

/// <summary>The network family.</summary>
public enum GanArchitecture
{
    /// <summary>Fully connected generator and discriminator; any vector data.</summary>
    Mlp,

    /// <summary>DCGAN: transposed-convolution generator and convolutional discriminator; needs an image shape <c>(C, H, W)</c> with H and W divisible by 4.</summary>
    Convolutional,
}
