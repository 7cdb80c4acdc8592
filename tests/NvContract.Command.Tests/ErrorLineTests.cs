namespace NvContract.Command.Tests;

public sealed class ErrorLineTests
{
    [Fact]
    public void Format_V1Layout()
    {
        Assert.Equal(
            "nvidia-docker | 2017/10/13 08:33:01 Error: unsupported CUDA version: driver 8.0 < image 9.0.176",
            ErrorLine.Format("unsupported CUDA version: driver 8.0 < image 9.0.176", new DateTime(2017, 10, 13, 8, 33, 1, DateTimeKind.Local)));
    }

    [Fact]
    public void Format_MultiLineMessage_OneLine()
    {
        Assert.Equal(
            "nvidia-docker | 2026/01/02 03:04:05 Error: cannot inspect image x: Error: No such image: x",
            ErrorLine.Format("cannot inspect image x: Error:\n  No such image: x\n", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local)));
    }
}
