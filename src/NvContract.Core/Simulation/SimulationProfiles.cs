using System.Text.Json;

namespace NvContract.Core.Simulation;

/// <summary>Reads simulation profiles: the built-in ones by name, or a JSON file.</summary>
public static class SimulationProfiles
{
    /// <summary>The profile <c>--simulate</c> uses when none is named.</summary>
    public const string Default = "dgx-h100";

    /// <summary>Names of the built-in profiles.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = typeof(SimulationProfiles).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    private const string ResourcePrefix = "NvContract.Core.Simulation.Profiles.";

    /// <summary>Loads a built-in profile by name, or else the JSON file at <paramref name="nameOrPath"/>.</summary>
    public static SimulationProfile Load(string nameOrPath)
    {
        if (BuiltIn.Contains(nameOrPath))
        {
            using var resource = typeof(SimulationProfiles).Assembly.GetManifestResourceStream(ResourcePrefix + nameOrPath + ".json")!;
            return Parse(resource, $"built-in profile '{nameOrPath}'");
        }

        if (!File.Exists(nameOrPath))
        {
            throw new InvalidProfileException(
                $"simulation profile '{nameOrPath}' not found: give a JSON file or one of {string.Join(", ", BuiltIn)}");
        }

        using var file = File.OpenRead(nameOrPath);
        return Parse(file, $"simulation profile {nameOrPath}");
    }

    public static SimulationProfile Parse(Stream json, string source)
    {
        SimulationProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, SimulationProfileJson.Default.SimulationProfile);
        }
        catch (JsonException e)
        {
            throw new InvalidProfileException($"invalid {source}: {e.Message}", e);
        }

        if (profile is null)
        {
            throw new InvalidProfileException($"invalid {source}: the document is null");
        }

        Validate(profile, source);
        return profile;
    }

    private static void Validate(SimulationProfile profile, string source)
    {
        void Fail(string why) => throw new InvalidProfileException($"invalid {source}: {why}");

        for (var i = 0; i < profile.Gpus.Count; i++)
        {
            var gpu = profile.Gpus[i];
            if (!profile.Models.TryGetValue(gpu.Model, out var model))
            {
                Fail($"gpus[{i}] names model '{gpu.Model}', which is not in models");
            }
            else if (model.ComputeCapability is { } cc)
            {
                try
                {
                    Gpu.ComputeCapability.Parse(cc);
                }
                catch (FormatException e)
                {
                    Fail($"models.{gpu.Model}: {e.Message}");
                }
            }

            if (profile.Gpus.Take(i).Any(g => g.Minor == gpu.Minor))
            {
                Fail($"gpus[{i}] repeats minor number {gpu.Minor}");
            }

            if (profile.Gpus.Take(i).Any(g => g.Uuid == gpu.Uuid))
            {
                Fail($"gpus[{i}] repeats UUID {gpu.Uuid}");
            }

            if (gpu.Mig.Count > 0 && gpu.MigEnabled != true)
            {
                Fail($"gpus[{i}] lists MIG devices but migEnabled is not true");
            }

            for (var k = 0; k < gpu.Mig.Count; k++)
            {
                var mig = gpu.Mig[k];
                if (!mig.Uuid.StartsWith("MIG-", StringComparison.Ordinal)
                    || profile.Gpus.Take(i).SelectMany(g => g.Mig).Concat(gpu.Mig.Take(k)).Any(m => m.Uuid == mig.Uuid))
                {
                    Fail($"gpus[{i}].mig[{k}] needs a UUID of its own starting with MIG-");
                }

                if (gpu.Mig.Take(k).Any(m => m.GpuInstance == mig.GpuInstance && m.ComputeInstance == mig.ComputeInstance))
                {
                    Fail($"gpus[{i}].mig[{k}] repeats GPU instance {mig.GpuInstance}, compute instance {mig.ComputeInstance}");
                }
            }
        }

        for (var i = 0; i < profile.HealthEvents.Count; i++)
        {
            var e = profile.HealthEvents[i];
            if (e.Gpu < 0 || e.Gpu >= profile.Gpus.Count)
            {
                Fail($"healthEvents[{i}] names GPU {e.Gpu}; the profile has {profile.Gpus.Count}");
            }

            if (e.AtSeconds < 0 || (e.Xid is null && e.RecoveryAction is null && !e.Lost && !e.Reset))
            {
                Fail($"healthEvents[{i}] needs atSeconds >= 0 and an xid, a recoveryAction, lost or reset");
            }
        }

        foreach (var peer in profile.Peers)
        {
            if (peer.Gpus is not [var a, var b] || a == b || a < 0 || b < 0 || a >= profile.Gpus.Count || b >= profile.Gpus.Count)
            {
                Fail($"peers entry [{string.Join(", ", peer.Gpus ?? [])}] must name two different GPU indexes below {profile.Gpus.Count}");
            }

            if (peer.NvLinks < 0)
            {
                Fail($"peers entry [{string.Join(", ", peer.Gpus!)}] has {peer.NvLinks} nvlinks; the count cannot be negative");
            }
        }
    }
}
