package io.wattline.analytics.twin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@link TwinModels} to bytes and back, for the artefact store. Smile's forests are
 * {@link java.io.Serializable} and offer no other format, so this is Java serialization, gzipped,
 * behind a magic number and format version, and read back through an allow-list filter: only the
 * twin's records, Smile's forest and tree classes, and the JDK types they hold may be instantiated,
 * with bounded depth and size.
 *
 * <p>The format stays 1 when a record gains a component: Java serialization matches a record's
 * components by name, leaves one the stream lacks at its default (0, null) for the canonical
 * constructor to handle, and ignores one the class lacks. So {@link AnomalyModel#scoreScale},
 * added after the first artefacts were stored, reads as 0 from those, and their models keep the
 * original scale; and an older build reading a newer artefact scores with the scale it knows.
 */
public final class ModelCodec {
    private static final int MAGIC = 0x57_54_57_4E; // "WTWN"
    private static final int FORMAT = 1;
    /** Media type for the artefact store. */
    public static final String CONTENT_TYPE = "application/x-wattline-twin-models";

    private static final Set<String> ALLOWED_PREFIXES = Set.of("io.wattline.analytics.twin.", "smile.anomaly.");
    private static final Set<String> ALLOWED_CLASSES = Set.of(
            "java.lang.Object", "java.lang.Enum", "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Double",
            "java.lang.String", "java.lang.Record", "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$MapN",
            "java.util.ImmutableCollections$Map1", "java.util.CollSer", "java.util.EnumMap");

    private static final ObjectInputFilter FILTER = info -> {
        if (info.depth() > 200 || info.references() > 5_000_000 || info.streamBytes() > 512L << 20) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        String name = c.getName();
        if (ALLOWED_CLASSES.contains(name) || ALLOWED_PREFIXES.stream().anyMatch(name::startsWith)) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        return ObjectInputFilter.Status.REJECTED;
    };

    private ModelCodec() {}

    public static byte[] toBytes(TwinModels models) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream header = new DataOutputStream(bytes)) {
            header.writeInt(MAGIC);
            header.writeInt(FORMAT);
            header.flush();
            GZIPOutputStream gzip = new GZIPOutputStream(bytes, 1 << 16);
            try (ObjectOutputStream out = new ObjectOutputStream(gzip)) {
                out.writeObject(models);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a twin model artefact of this format
     *                                  (the caller retrains)
     */
    public static TwinModels fromBytes(byte[] data) {
        try (DataInputStream header = new DataInputStream(new ByteArrayInputStream(data))) {
            if (header.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a twin model artefact");
            }
            int format = header.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("twin model format " + format + ", expected " + FORMAT);
            }
            try (ObjectInputStream in = new ObjectInputStream(new GZIPInputStream(header, 1 << 16))) {
                in.setObjectInputFilter(FILTER);
                Object o = in.readObject();
                if (!(o instanceof TwinModels models)) {
                    throw new IllegalArgumentException("artefact holds " + o.getClass().getName());
                }
                return models;
            }
        } catch (InvalidClassException e) {
            throw new IllegalArgumentException("artefact from an incompatible build: " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("unreadable twin model artefact: " + e.getMessage(), e);
        }
    }
}
