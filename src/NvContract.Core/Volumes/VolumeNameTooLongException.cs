namespace NvContract.Core.Volumes;

/// <summary>The name is longer than <see cref="VolumeName.MaxBytes"/>; the message quotes only its start.</summary>
public sealed class VolumeNameTooLongException(string name)
    : VolumeException($"volume name too long (over {VolumeName.MaxBytes} bytes)", VolumeName.Printable(name));
