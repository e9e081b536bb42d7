using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;

namespace Progression.Api.Graph;

/// <summary>
/// Cursors of case lists: a row's position in the order (its order keys and id), sealed with AES-GCM under a key the
/// service alone holds (derived from the pseudonym key), so a cursor is opaque and tamper-proof: an evaluator who sees
/// only pseudonyms cannot read a case id out of one, nor forge one.
/// </summary>
public sealed class Cursors(byte[] pseudonymKey)
{
    private readonly byte[] _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, pseudonymKey, 32, info: Encoding.UTF8.GetBytes("progression list cursor"));

    public string Seal(IReadOnlyList<object> position)
    {
        var plain = Encoding.UTF8.GetBytes(new JsonArray([.. position.Select(Write)]).ToJsonString());
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var sealedBytes = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(_key, tag.Length);
        aes.Encrypt(nonce, plain, sealedBytes, tag);
        return Base64Url([.. nonce, .. tag, .. sealedBytes]);
    }

    /// <summary>The position a cursor holds; a cursor this service did not make is refused.</summary>
    public IReadOnlyList<object> Open(string cursor, string argument)
    {
        try
        {
            var bytes = Convert.FromBase64String(cursor.Replace('-', '+').Replace('_', '/').PadRight((cursor.Length + 3) / 4 * 4, '='));
            var (nonceSize, tagSize) = (AesGcm.NonceByteSizes.MaxSize, AesGcm.TagByteSizes.MaxSize);
            var plain = new byte[bytes.Length - nonceSize - tagSize];
            using var aes = new AesGcm(_key, tagSize);
            aes.Decrypt(bytes.AsSpan(0, nonceSize), bytes.AsSpan(nonceSize + tagSize), bytes.AsSpan(nonceSize, tagSize), plain);
            return [.. JsonNode.Parse(plain)!.AsArray().Select(v => Read(v!.GetValue<string>()))];
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException or JsonException or OverflowException)
        {
            throw new ExecutionError($"{argument}: '{cursor}' is not a cursor of this connection.");
        }
    }

    // Each value tagged with its kind, so it goes back to the database as the type it came from.
    private static JsonNode Write(object value) => value switch
    {
        DateTime at => $"t{at.ToUniversalTime().Ticks}",
        Guid id => $"g{id}",
        string text => $"s{text}",
        int number => $"i{number}",
        _ => throw new ArgumentException($"a list position cannot hold a {value.GetType().Name}"),
    };

    private static object Read(string value) => value[0] switch
    {
        't' => new DateTime(long.Parse(value[1..]), DateTimeKind.Utc),
        'g' => Guid.Parse(value[1..]),
        's' => value[1..],
        'i' => int.Parse(value[1..]),
        _ => throw new FormatException("unknown kind"),
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
