using System.IO.Hashing;

namespace AotSuite.Native.Tests;

public class Xxh64Tests
{
    [Test]
    public async Task Matches_the_reference_value_for_empty_input()
    {
        // The xxHash spec's published value for XXH64("", seed 0).
        await Assert.That(Xxh64.HashNative([])).IsEqualTo(0xEF46DB3751D8E999UL);
        await Assert.That(Xxh64.Hash([])).IsEqualTo(0xEF46DB3751D8E999UL);
    }

    [Test]
    public async Task Matches_System_IO_Hashing_for_every_length_up_to_300_bytes_and_several_seeds()
    {
        var data = new byte[300];
        new Random(42).NextBytes(data);
        var mismatches = new List<string>();
        foreach (var seed in new ulong[] { 0, 1, 0x9E3779B185EBCA87UL, ulong.MaxValue })
        {
            for (var length = 0; length <= data.Length; length++)
            {
                var span = data.AsSpan(0, length);
                var expected = XxHash64.HashToUInt64(span, (long)seed);
                // The C code on every length (all tail paths), and the public entry point that picks a side.
                var native = Xxh64.HashNative(span, seed);
                var actual = Xxh64.Hash(span, seed);
                if (native != expected || actual != expected) mismatches.Add($"length {length} seed {seed}: {native:x16}/{actual:x16} != {expected:x16}");
            }
        }
        await Assert.That(mismatches).IsEmpty();
    }

    [Test]
    public async Task Hashes_a_megabyte_the_same_sync_and_async()
    {
        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);
        var expected = XxHash64.HashToUInt64(data);
        await Assert.That(Xxh64.Hash(data)).IsEqualTo(expected);
        await Assert.That(await Xxh64.HashAsync(data)).IsEqualTo(expected);
    }

    [Test]
    public async Task Reports_the_native_library_version()
    {
        await Assert.That(NativeLibraryInfo.Version).IsEqualTo("0.1.0");
    }
}
