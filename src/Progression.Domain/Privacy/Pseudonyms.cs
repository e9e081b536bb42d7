using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Progression.Domain.Privacy;

/// <summary>
/// Pseudonyms for cases in evaluator views: HMAC-SHA256 under a key evaluators never hold, over the case id and the
/// purpose. The same case keeps its pseudonym within a purpose, pseudonyms made for different purposes do not link, and
/// without the key nobody can go from a case id to its pseudonym (anyone holding case ids could recompute a plain hash).
/// </summary>
public sealed class Pseudonyms
{
    public const int MinimumKeyBytes = 32;

    // RFC 4648 base32 in lower case: URL-safe, and no two pseudonyms differ only by case.
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private readonly byte[] _key;

    public Pseudonyms(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumKeyBytes)
            throw new ArgumentException($"A pseudonym key needs at least {MinimumKeyBytes} bytes (256 bits); this one has {key.Length}.", nameof(key));
        _key = [.. key]; // a copy: the caller clearing or reusing its buffer must not change the pseudonyms
    }

    public static Pseudonyms FromBase64(string key) => new(Convert.FromBase64String(key));

    /// <summary>"p-" and 24 characters: the first 120 bits of the MAC. Changing this unlinks every pseudonym handed out.</summary>
    public string For(Guid caseId, string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        // The id has a fixed length, so id-then-purpose reads only one way.
        var mac = HMACSHA256.HashData(_key, (byte[])[.. caseId.ToByteArray(bigEndian: true), .. Encoding.UTF8.GetBytes(purpose)]);
        var bits = BinaryPrimitives.ReadUInt128BigEndian(mac) >> 8;
        return "p-" + string.Concat(Enumerable.Range(0, 24).Select(i => Alphabet[(int)((bits >> (115 - 5 * i)) & 31)]));
    }
}
