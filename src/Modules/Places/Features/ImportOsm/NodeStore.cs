namespace Mekong.Modules.Places.Features.ImportOsm;

/// <summary>
/// Every node's coordinates while a file is read, 16 bytes a node in three growing arrays (ADR 0029): OSM files
/// list nodes before ways, so a way's coordinates are looked up here. Sorted files (what osmium and the planet
/// extracts write) are searched as they are; an unsorted one is sorted once, at the first look-up.
/// </summary>
internal sealed class NodeStore
{
    private long[] _ids = new long[1024];
    private long[] _coordinates = new long[1024];
    private bool _sorted = true;

    public int Count { get; private set; }

    public void Add(long id, int lat7, int lon7)
    {
        if (Count == _ids.Length)
        {
            Array.Resize(ref _ids, _ids.Length * 2);
            Array.Resize(ref _coordinates, _coordinates.Length * 2);
        }

        if (Count > 0 && id <= _ids[Count - 1])
        {
            _sorted = false;
        }

        _ids[Count] = id;
        _coordinates[Count] = ((long)lat7 << 32) | (uint)lon7;
        Count++;
    }

    public bool TryGet(long id, out int lat7, out int lon7)
    {
        if (!_sorted)
        {
            Array.Sort(_ids, _coordinates, 0, Count);
            _sorted = true;
        }

        var index = Array.BinarySearch(_ids, 0, Count, id);
        if (index < 0)
        {
            lat7 = lon7 = 0;
            return false;
        }

        lat7 = (int)(_coordinates[index] >> 32);
        lon7 = (int)_coordinates[index];
        return true;
    }
}
