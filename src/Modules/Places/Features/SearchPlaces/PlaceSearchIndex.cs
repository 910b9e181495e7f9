using System.Globalization;
using System.Text;
using Mekong.Platform.Text;

namespace Mekong.Modules.Places.Features.SearchPlaces;

/// <summary>A place as the index holds it: what a result shows, without the procedures' text.</summary>
internal sealed record IndexedPlace(
    Guid Id, string Category, string NameVi, string? NameEn, string? Address, string? CommuneCode, string? Phone, string? OpeningHours, double Latitude, double Longitude);

/// <summary>What one search asks for; <see cref="CommuneCodes"/> already resolved (an old name to today's communes).</summary>
internal sealed record PlaceQuery(string? Text, string? Category, double? NearLat, double? NearLon, double? RadiusMetres, IReadOnlySet<string>? CommuneCodes);

internal sealed record PlaceHit(IndexedPlace Place, double Score, double? DistanceMetres);

/// <summary>
/// An inverted index over the folded words of every place's names (<see cref="TextFolding.Fold"/>) with a sorted
/// term array for prefixes. A query word matches a name word exactly, as a prefix (as one types) or within a
/// small edit distance (typos); a place must match every query word. The score adds, per word, 1 for an exact
/// match, up to 0.8 for a prefix and 0.5 for a typo, 0.3 when the word as typed with its tones equals the name's
/// (so "đường" ranks "Đường …" above "Dương …", while "duong" ranks them alike), 0.5 when the name begins with the
/// query, and up to 0.5 for nearness when <c>near</c> is given.
/// </summary>
internal sealed class PlaceSearchIndex
{
    private readonly IndexedPlace[] _places;
    private readonly string[][] _tonedWords;
    private readonly string[] _foldedNames;
    private readonly string[] _terms;
    private readonly int[][] _postings;
    private readonly Dictionary<string, int> _termIds;

    public PlaceSearchIndex(IReadOnlyList<IndexedPlace> places, StreetIndex streets)
    {
        Streets = streets;
        _places = [.. places];
        _tonedWords = new string[_places.Length][];
        _foldedNames = new string[_places.Length];
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _places.Length; i++)
        {
            var name = _places[i].NameEn is { } en ? _places[i].NameVi + " " + en : _places[i].NameVi;
            var words = Words(name);
            _tonedWords[i] = [.. words.Select(w => w.Toned)];
            _foldedNames[i] = TextFolding.Fold(_places[i].NameVi);
            foreach (var (folded, _) in words)
            {
                if (!postings.TryGetValue(folded, out var list))
                {
                    postings[folded] = list = [];
                }

                if (list.Count == 0 || list[^1] != i)
                {
                    list.Add(i);
                }
            }
        }

        _terms = [.. postings.Keys.Order(StringComparer.Ordinal)];
        _postings = [.. _terms.Select(t => postings[t].ToArray())];
        _termIds = _terms.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
    }

    public int Count => _places.Length;

    public StreetIndex Streets { get; }

    public IndexedPlace? Find(Guid id) => _places.FirstOrDefault(p => p.Id == id);

    /// <summary>Every place of the index, for the operator map's layers (a view's box is a plain filter over them).</summary>
    public IReadOnlyList<IndexedPlace> Places => _places;

    /// <summary>The words of a text: each folded and as written (lower case, composed), split as <see cref="TextFolding.Fold"/> splits.</summary>
    public static List<(string Folded, string Toned)> Words(string text)
    {
        var words = new List<(string, string)>();
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSeparator(c))
            {
                Flush();
            }
            else
            {
                builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (builder.Length == 0)
            {
                return;
            }

            var toned = builder.ToString();
            var folded = TextFolding.Fold(toned);
            if (folded.Length > 0)
            {
                words.Add((folded, toned));
            }

            builder.Clear();
        }
    }

    public (IReadOnlyList<PlaceHit> Page, int Total) Search(PlaceQuery query, int offset, int limit)
    {
        var words = query.Text is null ? [] : Words(query.Text);
        Dictionary<int, double>? scores = null;
        for (var w = 0; w < words.Count; w++)
        {
            var (folded, toned) = words[w];
            var hasTones = folded != toned;
            var matches = MatchTerms(folded);
            var wordScores = new Dictionary<int, double>();
            foreach (var (term, termScore) in matches)
            {
                foreach (var place in _postings[term])
                {
                    var score = termScore;
                    if (hasTones && Array.IndexOf(_tonedWords[place], toned) >= 0)
                    {
                        score += 0.3;
                    }

                    if (!wordScores.TryGetValue(place, out var best) || score > best)
                    {
                        wordScores[place] = score;
                    }
                }
            }

            if (scores is null)
            {
                scores = wordScores;
            }
            else
            {
                var next = new Dictionary<int, double>(Math.Min(scores.Count, wordScores.Count));
                foreach (var (place, score) in scores)
                {
                    if (wordScores.TryGetValue(place, out var more))
                    {
                        next[place] = score + more;
                    }
                }

                scores = next;
            }

            if (scores.Count == 0)
            {
                return ([], 0);
            }
        }

        var foldedQuery = query.Text is null ? "" : TextFolding.Fold(query.Text);
        var hits = new List<PlaceHit>();
        IEnumerable<KeyValuePair<int, double>> candidates = scores ?? Enumerable.Range(0, _places.Length).Select(i => new KeyValuePair<int, double>(i, 0));
        foreach (var (i, relevance) in candidates)
        {
            var place = _places[i];
            if (query.Category is not null && place.Category != query.Category)
            {
                continue;
            }

            if (query.CommuneCodes is not null && (place.CommuneCode is null || !query.CommuneCodes.Contains(place.CommuneCode)))
            {
                continue;
            }

            double? distance = null;
            var score = relevance;
            if (query.NearLat is { } lat && query.NearLon is { } lon)
            {
                distance = GreatCircle.Metres(lat, lon, place.Latitude, place.Longitude);
                if (query.RadiusMetres is { } radius && distance > radius)
                {
                    continue;
                }

                score += 0.5 / (1 + (distance.Value / 2000));
            }

            if (foldedQuery.Length > 0 && _foldedNames[i].StartsWith(foldedQuery, StringComparison.Ordinal))
            {
                score += 0.5;
            }

            hits.Add(new PlaceHit(place, score, distance));
        }

        hits.Sort((a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byDistance = (a.DistanceMetres ?? 0).CompareTo(b.DistanceMetres ?? 0);
            return byDistance != 0 ? byDistance : string.CompareOrdinal(a.Place.NameVi, b.Place.NameVi);
        });
        return (hits.Skip(offset).Take(limit).ToList(), hits.Count);
    }

    /// <summary>The terms a query word matches, with their score: exact 1, prefix up to 0.8, typo 0.5 (only when nothing matched exactly or as a prefix).</summary>
    private List<(int Term, double Score)> MatchTerms(string word)
    {
        var matches = new List<(int, double)>();
        var exact = _termIds.TryGetValue(word, out var exactId) ? exactId : -1;
        if (exact >= 0)
        {
            matches.Add((exact, 1.0));
        }

        // Prefixes: the terms sorted after the word that start with it.
        var start = Array.BinarySearch(_terms, word, StringComparer.Ordinal);
        start = start < 0 ? ~start : start;
        for (var t = start; t < _terms.Length && _terms[t].StartsWith(word, StringComparison.Ordinal); t++)
        {
            if (t != exact)
            {
                matches.Add((t, 0.4 + (0.4 * word.Length / _terms[t].Length)));
            }
        }

        if (matches.Count > 0 || word.Length < 3)
        {
            return matches;
        }

        var allowed = word.Length >= 8 ? 2 : 1;
        for (var t = 0; t < _terms.Length; t++)
        {
            var term = _terms[t];
            if (Math.Abs(term.Length - word.Length) <= allowed && EditDistance.Within(word, term, allowed))
            {
                matches.Add((t, 0.5));
            }
            else if (term.Length > word.Length && EditDistance.Within(word, term.AsSpan(0, word.Length), allowed))
            {
                matches.Add((t, 0.35)); // a prefix typed with a typo ("benh vie" → "viện", "bneh" → "bệnh")
            }
        }

        return matches;
    }
}

/// <summary>Damerau-Levenshtein (optimal string alignment) distance with an early exit past the bound.</summary>
internal static class EditDistance
{
    public static bool Within(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int bound)
    {
        if (Math.Abs(a.Length - b.Length) > bound)
        {
            return false;
        }

        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > bound)
            {
                return false;
            }

            var rotate = previous2;
            previous2 = previous;
            previous = current;
            current = rotate;
        }

        return previous[b.Length] <= bound;
    }
}
