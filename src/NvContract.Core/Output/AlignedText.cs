using System.Text;

namespace NvContract.Core.Output;

/// <summary>
/// Builds text the way v1's templates did through Go's tabwriter (min width 0, padding 0, space
/// padding): in a run of consecutive "label: value" lines every label is padded to the longest
/// label of the run; any line without a value (a heading, a blank line, free text) ends the run.
/// </summary>
public sealed class AlignedText
{
    private readonly StringBuilder _output = new();
    private readonly List<(string Label, string Value)> _run = [];

    /// <summary>A line in a run; <paramref name="label"/> carries its own trailing spaces, as v1's did.</summary>
    public AlignedText Row(string label, string value)
    {
        _run.Add((label, value));
        return this;
    }

    /// <summary>A line without a value column; it ends the current run.</summary>
    public AlignedText Line(string text = "")
    {
        FlushRun();
        _output.Append(text).Append('\n');
        return this;
    }

    public override string ToString()
    {
        FlushRun();
        return _output.ToString();
    }

    private void FlushRun()
    {
        if (_run.Count == 0)
        {
            return;
        }

        var width = 0;
        foreach (var (label, _) in _run)
        {
            width = Math.Max(width, label.Length);
        }

        foreach (var (label, value) in _run)
        {
            _output.Append(label).Append(' ', width - label.Length).Append(value).Append('\n');
        }

        _run.Clear();
    }
}
