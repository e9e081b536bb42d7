using System.Security.Cryptography;
using System.Text;
using Progression.Domain.Privacy;

namespace Progression.Tests.Privacy;

public class PseudonymTests
{
    private const string Evaluation = "evaluation";
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly Guid CaseId = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    private static readonly Pseudonyms Pseudonyms = new(Key);

    [Fact]
    public void The_same_key_purpose_and_case_give_the_same_pseudonym_in_every_instance() =>
        Assert.Equal(Pseudonyms.For(CaseId, Evaluation), Pseudonyms.FromBase64(Convert.ToBase64String(Key)).For(CaseId, Evaluation));

    // Pinned, and cross-checked with Python's hmac and base64.b32encode: a change here unlinks every pseudonym handed out.
    [Fact]
    public void The_pseudonym_is_p_and_24_lower_case_base32_characters_of_the_mac() =>
        Assert.Equal("p-kfcpoyyjtlubge66pxoqm2an", Pseudonyms.For(CaseId, Evaluation));

    [Fact]
    public void Another_key_gives_another_pseudonym() =>
        Assert.NotEqual(Pseudonyms.For(CaseId, Evaluation), new Pseudonyms([.. Key[..^1], 0]).For(CaseId, Evaluation));

    [Fact]
    public void Pseudonyms_for_different_purposes_do_not_link() =>
        Assert.NotEqual(Pseudonyms.For(CaseId, Evaluation), Pseudonyms.For(CaseId, "research"));

    [Fact]
    public void Ten_thousand_cases_get_ten_thousand_url_safe_pseudonyms()
    {
        var pseudonyms = RandomIds(10_000).Select(id => Pseudonyms.For(id, Evaluation)).ToList();

        Assert.Equal(10_000, pseudonyms.Distinct().Count());
        Assert.All(pseudonyms, p => Assert.Matches("^p-[a-z2-7]{24}$", p));
    }

    [Fact]
    public void A_pseudonym_does_not_contain_its_case_id() =>
        Assert.All(RandomIds(1_000), id => Assert.All(new[] { "N", "D" }, format =>
            Assert.DoesNotContain(id.ToString(format), Pseudonyms.For(id, Evaluation), StringComparison.OrdinalIgnoreCase)));

    [Fact]
    public void A_pseudonym_is_the_keyed_mac_and_no_plain_hash_of_the_id_reproduces_it()
    {
        var purpose = Encoding.UTF8.GetBytes(Evaluation);
        var bytes = Bits(Pseudonyms.For(CaseId, Evaluation));
        byte[][] unkeyed =
        [
            CaseId.ToByteArray(), CaseId.ToByteArray(bigEndian: true), [.. CaseId.ToByteArray(bigEndian: true), .. purpose],
            Encoding.UTF8.GetBytes(CaseId.ToString("N")), Encoding.UTF8.GetBytes(CaseId.ToString("D")),
            Encoding.UTF8.GetBytes(CaseId.ToString("D") + Evaluation),
        ];

        Assert.Equal(HMACSHA256.HashData(Key, (byte[])[.. CaseId.ToByteArray(bigEndian: true), .. purpose])[..15], bytes);
        Assert.All(unkeyed, input => Assert.NotEqual(SHA256.HashData(input)[..15], bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    public void A_key_shorter_than_32_bytes_is_refused(int length)
    {
        var refused = Assert.Throws<ArgumentException>(() => new Pseudonyms(new byte[length]));
        Assert.Equal("key", refused.ParamName);
        Assert.Contains("at least 32 bytes", refused.Message);
        Assert.Throws<ArgumentException>(() => Pseudonyms.FromBase64(Convert.ToBase64String(new byte[length])));
    }

    private static IEnumerable<Guid> RandomIds(int count)
    {
        var random = new Random(20240611);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        });
    }

    // The 15 bytes behind a pseudonym, read back five bits at a time: independent of the encoder it checks.
    private static byte[] Bits(string pseudonym)
    {
        var bits = string.Concat(pseudonym[2..].Select(c => Convert.ToString("abcdefghijklmnopqrstuvwxyz234567".IndexOf(c), 2).PadLeft(5, '0')));
        return [.. bits.Chunk(8).Select(b => Convert.ToByte(new string(b), 2))];
    }
}
