using System.Text;
using AotSuite.Streams.Csv;

namespace AotSuite.Streams.Tests.Csv;

[CsvRecord]
public sealed partial record Sale(string Region, decimal Amount, DateOnly Day, int? Units, bool Paid, string? Note);

/// <summary>Compiles and runs what the [CsvRecord] generator writes.</summary>
public class CsvRecordTests
{
    [Test]
    public async Task Reads_records_by_header_name_in_any_column_order()
    {
        var csv = "day,note,amount,region,paid,units\n2024-02-29,\"a, b\",12.50,EU,true,3\n2024-03-01,,7,US,false,\n";
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), file: "sales.csv");
        var sales = CsvRecords.Read<Sale>(reader).ToList();
        await Assert.That(sales[0]).IsEqualTo(new Sale("EU", 12.50m, new DateOnly(2024, 2, 29), 3, true, "a, b"));
        await Assert.That(sales[1]).IsEqualTo(new Sale("US", 7m, new DateOnly(2024, 3, 1), null, false, null));
    }

    [Test]
    public async Task Writes_records_and_reads_them_back()
    {
        Sale[] sales = [new("EU", 1234.5m, new DateOnly(2024, 1, 2), null, true, "say \"hi\""), new("US", 0.1m, new DateOnly(2025, 12, 31), 4, false, null)];
        var output = new MemoryStream();
        using (var writer = new CsvWriter(output, leaveOpen: true)) CsvRecords.Write(writer, sales);
        var text = Encoding.UTF8.GetString(output.ToArray());
        await Assert.That(text).IsEqualTo("Region,Amount,Day,Units,Paid,Note\nEU,1234.5,2024-01-02,,true,\"say \"\"hi\"\"\"\nUS,0.1,2025-12-31,4,false,\n");
        using var reader = new CsvReader(new MemoryStream(output.ToArray()));
        await Assert.That(CsvRecords.Read<Sale>(reader).ToArray()).IsEquivalentTo(sales);
    }

    [Test]
    public async Task Reads_by_position_without_a_header()
    {
        using var reader = new CsvReader(new MemoryStream("EU,1,2024-01-01,,true,x\n"u8.ToArray()), new CsvOptions { HasHeader = false });
        var sale = CsvRecords.Read<Sale>(reader).Single();
        await Assert.That(sale.Note).IsEqualTo("x");
    }

    [Test]
    public async Task Names_file_line_column_and_type_of_a_value_that_does_not_parse()
    {
        using var reader = new CsvReader(new MemoryStream("region,amount,day,units,paid,note\nEU,lots,2024-01-01,,true,\n"u8.ToArray()), file: "sales.csv");
        var error = Assert.Throws<DataFormatException>(() => CsvRecords.Read<Sale>(reader).ToList());
        await Assert.That(error.Message).IsEqualTo("sales.csv:2:4: column 2 ('amount'): expected decimal, found 'lots' (row 1)");
    }

    [Test]
    public async Task Names_the_line_and_column_of_a_date_that_does_not_parse_on_a_later_row()
    {
        // The second row's quoted note spans two lines, so the third row's bad date is on line 5, at byte 13.
        var csv = "region,amount,note,units,paid,day\nEU,1,,,true,2024-01-01\nUS,2,\"two\nlines\",,false,2024-01-02\nEU,3,,,true,someday\n";
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), file: "sales.csv");
        var error = Assert.Throws<DataFormatException>(() => CsvRecords.Read<Sale>(reader).ToList());
        await Assert.That(error.Message).IsEqualTo("sales.csv:5:13: column 6 ('day'): expected dateonly, found 'someday' (row 3)");
    }

    [Test]
    public async Task Names_a_missing_header_column()
    {
        using var reader = new CsvReader(new MemoryStream("region,amount\nEU,1\n"u8.ToArray()), file: "sales.csv");
        var error = Assert.Throws<DataFormatException>(() => CsvRecords.Read<Sale>(reader).ToList());
        await Assert.That(error.Message).IsEqualTo("sales.csv:1:1: the header has no column 'Day' (columns: region,amount) (row 0)");
    }
}
