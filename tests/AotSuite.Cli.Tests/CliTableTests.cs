namespace AotSuite.Cli.Tests;

public class CliTableTests
{
    [Test]
    public async Task Aligns_columns_to_the_widest_cell_and_right_aligns_marked_columns()
    {
        var table = new CliTable(">ID", "TITLE", "TAGS");
        table.Add("1", "Buy milk", "home");
        table.Add("10", "Call", "");
        var text = new StringWriter();
        table.Write(text);
        await Assert.That(text.ToString()).IsEqualTo("ID  TITLE     TAGS\n 1  Buy milk  home\n10  Call\n");
    }

    [Test]
    public async Task Ignores_colour_codes_when_measuring_widths()
    {
        var colour = new CliOutput(TextWriter.Null, color: true);
        var table = new CliTable("S", "TITLE");
        table.Add(colour.Green("✓"), "a");
        table.Add("·", "b");
        var text = new StringWriter();
        table.Write(text);
        await Assert.That(text.ToString()).IsEqualTo("S  TITLE\n\e[32m✓\e[0m  a\n·  b\n");
    }

    [Test]
    public async Task Rejects_a_row_with_the_wrong_number_of_cells()
    {
        var table = new CliTable("A", "B");
        await Assert.That(() => table.Add("only one")).Throws<ArgumentException>();
    }
}
