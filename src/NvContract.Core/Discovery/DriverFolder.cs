namespace NvContract.Core.Discovery;

/// <summary>The folder of the driver volume a listed file is meant for (the CDI spec mounts the same three).</summary>
public enum DriverFolder
{
    /// <summary><c>bin/</c>: the binaries found through PATH.</summary>
    Binaries,

    /// <summary><c>lib/</c>: 32-bit libraries.</summary>
    Libraries32,

    /// <summary><c>lib64/</c>: 64-bit libraries.</summary>
    Libraries64,
}
