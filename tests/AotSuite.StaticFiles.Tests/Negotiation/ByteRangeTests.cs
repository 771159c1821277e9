using System.Text;
using AotSuite.StaticFiles.Negotiation;

namespace AotSuite.StaticFiles.Tests.Negotiation;

public class ByteRangeTests
{
    [Test]
    [Arguments("bytes=0-4", "Partial", 0, 5)]
    [Arguments("bytes=10-", "Partial", 10, 90)]
    [Arguments("bytes=-5", "Partial", 95, 5)]
    [Arguments("bytes=-500", "Partial", 0, 100)]
    [Arguments("bytes=90-200", "Partial", 90, 10)]
    [Arguments("BYTES=1-1", "Partial", 1, 1)]
    [Arguments("bytes= 2-3 ,", "Partial", 2, 2)]
    [Arguments("bytes=100-", "Unsatisfiable", 0, 100)]
    [Arguments("bytes=-0", "Unsatisfiable", 0, 100)]
    [Arguments("bytes=200-300,150-", "Unsatisfiable", 0, 100)]
    [Arguments("bytes=0-1,3-4", "Whole", 0, 100)]
    [Arguments("bytes=0-1,200-", "Whole", 0, 100)]
    [Arguments("bytes=5-4", "Whole", 0, 100)]
    [Arguments("bytes=abc", "Whole", 0, 100)]
    [Arguments("bytes=1-2-3", "Whole", 0, 100)]
    [Arguments("bytes=", "Whole", 0, 100)]
    [Arguments("items=0-4", "Whole", 0, 100)]
    [Arguments("bytes=+1-2", "Whole", 0, 100)]
    [Arguments("bytes=99999999999999999999-", "Whole", 0, 100)]
    [DisplayName("'$header' on 100 bytes is $kind ($start, $count)")]
    public async Task Reads_a_range_against_the_length(string header, string kind, long start, long count)
    {
        var result = ByteRange.Parse(Encoding.ASCII.GetBytes(header), 100, out var s, out var c);
        await Assert.That(result.ToString()).IsEqualTo(kind);
        await Assert.That(s).IsEqualTo(start);
        await Assert.That(c).IsEqualTo(count);
    }

    [Test]
    public async Task Finds_no_satisfiable_range_in_an_empty_file()
    {
        await Assert.That(ByteRange.Parse("bytes=0-"u8, 0, out _, out _)).IsEqualTo(RangeKind.Unsatisfiable);
        await Assert.That(ByteRange.Parse("bytes=-5"u8, 0, out _, out _)).IsEqualTo(RangeKind.Unsatisfiable);
    }
}
