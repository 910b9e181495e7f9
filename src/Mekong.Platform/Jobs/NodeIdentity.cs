using System.Security.Cryptography;

namespace Mekong.Platform.Jobs;

/// <summary>
/// This node's name in leases and run records: the machine, the process and a random tag, so that two hosts in one
/// process (tests) or two containers with the same host name still differ.
/// </summary>
public sealed class NodeIdentity
{
    public NodeIdentity(string? configuredName = null)
    {
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var baseName = string.IsNullOrWhiteSpace(configuredName) ? $"{Environment.MachineName}:{Environment.ProcessId}" : configuredName.Trim();
        Name = $"{baseName}:{tag}";
        if (Name.Length > 90)
        {
            Name = Name[^90..];
        }
    }

    public string Name { get; }

    public override string ToString() => Name;
}
