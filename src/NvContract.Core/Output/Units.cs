using System.Globalization;

namespace NvContract.Core.Output;

/// <summary>v1's value rules for text output: a null is <c>N/A</c>, a unit is appended only to a value.</summary>
internal static class Units
{
    public const string NotAvailable = "N/A";

    public static string Of(long? value, string unit) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v} {unit}") : NotAvailable;

    public static string Bare(long? value) =>
        value is { } v ? v.ToString(CultureInfo.InvariantCulture) : NotAvailable;

    public static string Text(string? value) => value ?? NotAvailable;

    public static string Bool(bool? value) => value is { } v ? (v ? "true" : "false") : NotAvailable;

    /// <summary><c>used / total unit</c>, or N/A unless both are known.</summary>
    public static string UsedOf(long? used, long? total, string unit) =>
        used is { } u && total is { } t ? string.Create(CultureInfo.InvariantCulture, $"{u} / {t} {unit}") : NotAvailable;
}
