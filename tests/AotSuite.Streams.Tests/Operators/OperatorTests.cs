using AotSuite.Streams.Operators;

namespace AotSuite.Streams.Tests.Operators;

public class OperatorTests
{
    private const string Sales = "region,amount,qty\nEU,120.50,2\nUS,80,1\nEU,300,3\nAPAC,150.25,1\nUS,,5\n";

    [Test]
    public async Task Filters_with_numeric_and_text_comparisons()
    {
        var output = Pipelines.ToCsv(new WhereOperator(Pipelines.Csv(Sales), "amount > 100 and (region == 'EU' or region = \"APAC\")"));
        await Assert.That(output).IsEqualTo("region,amount,qty\nEU,120.50,2\nEU,300,3\nAPAC,150.25,1\n");
    }

    [Test]
    public async Task Never_orders_an_empty_value_against_a_number()
    {
        var output = Pipelines.ToCsv(new WhereOperator(Pipelines.Csv(Sales), "amount < 100"));
        await Assert.That(output).IsEqualTo("region,amount,qty\nUS,80,1\n");
    }

    [Test]
    public async Task Selects_and_renames_columns_in_the_order_given()
    {
        var output = Pipelines.ToCsv(new SelectOperator(new RenameOperator(Pipelines.Csv(Sales), ["qty=quantity"]), ["amount:value", "region"]));
        await Assert.That(output).StartsWith("value,region\n120.50,EU\n80,US\n");
    }

    [Test]
    public async Task Derives_a_column_with_decimal_arithmetic()
    {
        var output = Pipelines.ToCsv(new HeadOperator(new DeriveOperator(Pipelines.Csv(Sales), "total = amount * qty + 0.1"), 2));
        await Assert.That(output).IsEqualTo("region,amount,qty,total\nEU,120.50,2,241.10\nUS,80,1,80.1\n");
    }

    [Test]
    public async Task Reports_a_non_numeric_operand_with_the_row_position()
    {
        var error = Assert.Throws<DataFormatException>(() => Pipelines.ToCsv(new DeriveOperator(Pipelines.Csv(Sales), "x=amount*2")));
        await Assert.That(error.Message).IsEqualTo("in.csv:6:1: 'amount*2': expected a number, found '' (row 5)");
    }

    [Test]
    public async Task Rejects_an_unknown_column_listing_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => new WhereOperator(Pipelines.Csv(Sales), "amout > 1"));
        await Assert.That(error.Message).IsEqualTo("expression 'amout > 1', column 1: no column 'amout' (columns: region,amount,qty)");
    }

    [Test]
    public async Task Skips_and_heads()
    {
        var output = Pipelines.ToCsv(new HeadOperator(new SkipOperator(Pipelines.Csv(Sales), 1), 2));
        await Assert.That(output).IsEqualTo("region,amount,qty\nUS,80,1\nEU,300,3\n");
    }

    [Test]
    public async Task Dedupes_on_key_columns_keeping_the_first_row()
    {
        var output = Pipelines.ToCsv(new DedupeOperator(Pipelines.Csv(Sales), ["region"]));
        await Assert.That(output).IsEqualTo("region,amount,qty\nEU,120.50,2\nUS,80,1\nAPAC,150.25,1\n");
    }

    [Test]
    public async Task Groups_with_count_sum_min_max_and_mean_in_first_seen_order()
    {
        Aggregate[] aggregates =
        [
            new(AggregateKind.Count), new(AggregateKind.Sum, "amount"), new(AggregateKind.Min, "amount"),
            new(AggregateKind.Max, "amount"), new(AggregateKind.Mean, "qty"),
        ];
        var output = Pipelines.ToCsv(new GroupByOperator(Pipelines.Csv(Sales), ["region"], aggregates));
        await Assert.That(output).IsEqualTo(
            "region,count,amount_sum,amount_min,amount_max,qty_mean\nEU,2,420.50,120.50,300,2.5\nUS,2,80,80,80,3\nAPAC,1,150.25,150.25,150.25,1\n");
    }

    [Test]
    public async Task Sorts_numbers_as_numbers_descending_and_stably()
    {
        var output = Pipelines.ToCsv(new SortOperator(Pipelines.Csv("k,v\n9,a\n10,b\n9,c\nx,d\n"), [SortKey.Parse("-k")]));
        await Assert.That(output).IsEqualTo("k,v\nx,d\n10,b\n9,a\n9,c\n");
    }

    [Test]
    public async Task Spills_sorted_runs_to_temp_files_and_merges_them_to_the_same_order()
    {
        var random = new Random(3);
        var text = new System.Text.StringBuilder("id,key,pad\n");
        for (var i = 0; i < 5000; i++) text.Append(i).Append(',').Append(random.Next(0, 1000)).Append(",padding-").Append(i % 7).Append('\n');
        var inMemory = Pipelines.ToCsv(new SortOperator(Pipelines.Csv(text.ToString()), [SortKey.Parse("key"), SortKey.Parse("-pad")]));

        var temp = Directory.CreateTempSubdirectory("spill-").FullName;
        try
        {
            var spilling = new SortOperator(Pipelines.Csv(text.ToString()), [SortKey.Parse("key"), SortKey.Parse("-pad")], memoryBudget: 16 << 10, tempDirectory: temp);
            var output = Pipelines.ToCsv(spilling);
            await Assert.That(spilling.SpilledRuns).IsGreaterThan(5);
            await Assert.That(output).IsEqualTo(inMemory);
            await Assert.That(Directory.GetFiles(temp)).IsEmpty();
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
