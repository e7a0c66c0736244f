using System.Collections.Concurrent;
using Palisade.Sip.Dns;

namespace Palisade.Sip.Tests.Dns;

/// <summary>Canned DNS answers by (name, type); unknown questions get NXDOMAIN. Counts the queries it sees.</summary>
internal sealed class FakeDnsClient : IDnsQueryClient
{
    private readonly Dictionary<(string, DnsRecordType), Func<DnsQueryResponse>> _answers = [];
    private readonly ConcurrentDictionary<(string, DnsRecordType), int> _counts = new();

    /// <summary>When set, every query waits for it first (to hold queries in flight).</summary>
    public Task? Gate { get; set; }

    public int TotalQueries => _counts.Values.Sum();

    public int Queries(string name, DnsRecordType type) => _counts.TryGetValue((name.ToLowerInvariant(), type), out var n) ? n : 0;

    public FakeDnsClient Answer(string name, DnsRecordType type, params DnsRecord[] records)
    {
        _answers[(name.ToLowerInvariant(), type)] = () => DnsQueryResponse.Success(Message(name, type, DnsResponseCode.NoError, records, []));
        return this;
    }

    public FakeDnsClient NoData(string name, DnsRecordType type, uint soaMinimum = 60)
    {
        _answers[(name.ToLowerInvariant(), type)] = () => DnsQueryResponse.Success(
            Message(name, type, DnsResponseCode.NoError, [], [new DnsSoaRecord("example.com", 3600, "ns.example.com", "hm.example.com", 1, soaMinimum)]));
        return this;
    }

    public FakeDnsClient Fail(string name, DnsRecordType type, string error = "timed out")
    {
        _answers[(name.ToLowerInvariant(), type)] = () => DnsQueryResponse.Failure(error);
        return this;
    }

    public async ValueTask<DnsQueryResponse> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        var key = (name.ToLowerInvariant(), type);
        _counts.AddOrUpdate(key, 1, static (_, n) => n + 1);
        if (Gate is { } gate)
            await gate;
        return _answers.TryGetValue(key, out var answer)
            ? answer()
            : DnsQueryResponse.Success(Message(name, type, DnsResponseCode.NameError, [],
                [new DnsSoaRecord("example.com", 3600, "ns.example.com", "hm.example.com", 1, 30)]));
    }

    public static DnsMessage Message(string name, DnsRecordType type, DnsResponseCode code, DnsRecord[] answers, DnsRecord[] authorities) => new()
    {
        Id = 1,
        IsResponse = true,
        Opcode = 0,
        IsAuthoritative = false,
        IsTruncated = false,
        RecursionAvailable = true,
        ResponseCode = code,
        QuestionCount = 1,
        QuestionName = name,
        QuestionType = (ushort)type,
        QuestionClass = 1,
        Answers = answers,
        Authorities = authorities,
        Additionals = [],
    };
}
