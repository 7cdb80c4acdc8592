namespace NvContract.Command;

/// <summary>Reads an image's labels, pulling the image first when the engine does not have it (as 1.0 did).</summary>
internal static class ImageInspector
{
    /// <exception cref="CommandException">The engine cannot inspect or pull the image.</exception>
    public static ImageLabels Labels(DockerEngine engine, string image)
    {
        var (code, output, error) = Inspect(engine, image);
        if (code != 0 && IsMissing(error))
        {
            // Docker prints the pull's progress and, when it fails, its own reason.
            if (engine.RunVisibly("pull", image) != 0)
            {
                throw new CommandException($"cannot pull image {image}");
            }

            (code, output, error) = Inspect(engine, image);
        }

        return code == 0
            ? ImageLabels.FromJson(output)
            : throw new CommandException($"cannot inspect image {image}: {error.Trim()}");
    }

    private static (int, string, string) Inspect(DockerEngine engine, string image) =>
        engine.Ask("image", "inspect", "--format", "{{json .Config.Labels}}", image);

    // Docker: "Error: No such image: x"; podman: "Error: x: image not known".
    private static bool IsMissing(string error) =>
        error.Contains("no such image", StringComparison.OrdinalIgnoreCase) || error.Contains("image not known", StringComparison.OrdinalIgnoreCase);
}
