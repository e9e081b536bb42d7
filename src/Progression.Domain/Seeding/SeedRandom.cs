using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Progression.Domain.Seeding;

/// <summary>
/// The generator's own random numbers (xoshiro256**), so a seed gives the same stream on every machine and .NET version:
/// <see cref="Random"/> promises neither. Each case starts from a SHA-256 of seed and case index, which also gives the
/// case its id, so a case's draws never depend on the cases before it.
/// </summary>
internal sealed class SeedRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>Starts case <paramref name="index"/> of <paramref name="seed"/>; answers the case's id.</summary>
    public Guid StartCase(int seed, int index)
    {
        Span<byte> name = stackalloc byte[64];
        var length = Encoding.ASCII.GetBytes($"progression:seed:{seed}:{index}", name);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(name[..length], hash);
        _s0 = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        _s1 = BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]);
        _s2 = BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]);
        _s3 = BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]) | 1; // never the all-zero state
        _spareNormal = null;
        return Version8(hash[..16]);
    }

    private ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public int Next(int count) => (int)((NextUInt64() >> 32) * (ulong)count >> 32);

    public bool Chance(double probability) => NextDouble() < probability;

    public double Between(double low, double high) => low + (high - low) * NextDouble();

    public double Exponential(double mean) => -mean * Math.Log(1 - NextDouble());

    /// <summary>Standard normal (Box-Muller, the second value kept for the next call).</summary>
    public double Normal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        var radius = Math.Sqrt(-2 * Math.Log(1 - NextDouble()));
        var angle = 2 * Math.PI * NextDouble();
        _spareNormal = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>An index drawn in proportion to the weights whose running totals are given.</summary>
    public int Pick(double[] cumulativeWeights)
    {
        var target = NextDouble() * cumulativeWeights[^1];
        var index = Array.BinarySearch(cumulativeWeights, target);
        // Not found gives the complement of the first larger total: the bucket the target fell in.
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>A new id for a part of the case (barrier, intervention, measurement, outcome).</summary>
    public Guid NextId()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, NextUInt64());
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], NextUInt64());
        return Version8(bytes);
    }

    /// <summary>An RFC 9562 version 8 UUID from 16 bytes: the version says the id was derived, not a random v4 or timed v7.</summary>
    private static Guid Version8(Span<byte> bytes)
    {
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
