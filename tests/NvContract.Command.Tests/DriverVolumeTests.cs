namespace NvContract.Command.Tests;

public sealed class DriverVolumeTests
{
    [Fact]
    public void Names_TheVolumesOfTheDaemonsArguments()
    {
        string[] arguments =
        [
            "--volume-driver=nvidia-docker", "--volume=nvidia_driver_550.54.15:/usr/local/nvidia:ro",
            "--device=/dev/nvidiactl", "--device=/dev/nvidia-uvm", "--device=/dev/nvidia0",
        ];

        Assert.Equal(["nvidia_driver_550.54.15"], DriverVolume.Names(arguments));
    }

    [Fact]
    public void Names_DevicesOnly_None()
    {
        Assert.Empty(DriverVolume.Names(["--device=/dev/nvidiactl", "--device=/dev/nvidia0"]));
    }
}
