using System.Security.Cryptography;
using System.Text;

namespace Progression.Api.Cases;

/// <summary>
/// A stable id derived from a name (RFC 9562 version 8, SHA-256 based): the same name gives the same id, so a retried
/// request or a re-run demo lands on the same stream.
/// </summary>
public static class NameBasedId
{
    public static Guid For(string space, string name)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"progression:{space}:{name}"))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (custom)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }
}
