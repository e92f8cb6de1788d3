namespace GenAi.MLNet.Models.Gan;

/// <summary>The generator's output activation, which sets the range of generated values.</summary>
public enum GanOutputActivation
{
    /// <summary>
    /// Decided from the training data: <see cref="Sigmoid"/> when every value lies in [0, 1], <see cref="Tanh"/>
    /// when in [-1, 1], else <see cref="None"/>. The fitted model's options record the choice.
    /// </summary>
    Auto,

    /// <summary>None (real-valued data, e.g. 2-D points or standardised tabular features).</summary>
    None,

    /// <summary>Sigmoid, for data in [0, 1] such as the library's images.</summary>
    Sigmoid,

    /// <summary>Tanh, for data in [-1, 1].</summary>
    Tanh,
}
