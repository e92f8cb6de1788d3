namespace GenAi.MLNet.Images;

/// <summary>What <see cref="ImageOperationTransformer"/> does to each image.</summary>
public enum ImageOperation
{
    /// <summary>Averages each factor×factor block of pixels (area downsampling, the usual way low-resolution training inputs are made).</summary>
    Downscale,

    /// <summary>Bicubic upsampling by the factor (the classic super-resolution baseline), clamped to each image's own value range.</summary>
    Upscale,

    /// <summary>A one-channel edge map: Sobel gradient magnitude (averaged over channels) above a fraction of the image's largest magnitude → 1, else 0.</summary>
    Edges,
}
