using System;
using GenAi.MLNet.Models.Gan;

namespace GenAi.MLNet.Courseware;

/// <summary>A GAN configuration of the mode-collapse lab: a name, the remedy it demonstrates, and how it changes the protocol's options.</summary>
/// <param name="Name">Short name, e.g. "pacgan2".</param>
/// <param name="Remedy">What it changes, in words.</param>
/// <param name="Apply">Edits the protocol options.</param>
public sealed record LabConfiguration(string Name, string Remedy, Action<GanOptions> Apply);
