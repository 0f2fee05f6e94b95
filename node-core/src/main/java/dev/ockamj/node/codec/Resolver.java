package dev.ockamj.node.codec;

import dev.ockamj.node.codec.NeutralMessage;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a Java {@link Type} to its codec. Finished codecs are cached per Type. One resolution runs in its own
 * Resolver instance, which holds the codecs under construction so recursive records resolve to themselves;
 * they are published to the shared cache only once complete, which makes resolution thread safe.
 */
final class Resolver {

    private static final ConcurrentHashMap<Type, BareCodec<?>> CACHE = new ConcurrentHashMap<>();

    private static final Set<Class<?>> LISTS = Set.of(List.class, ArrayList.class, Collection.class);
    private static final Set<Class<?>> SETS = Set.of(Set.class, LinkedHashSet.class, HashSet.class);
    private static final Set<Class<?>> MAPS = Set.of(Map.class, LinkedHashMap.class, HashMap.class);

    static {
        scalar(Scalars.BOOL, boolean.class, Boolean.class);
        scalar(Scalars.I8, byte.class, Byte.class);
        scalar(Scalars.I16, short.class, Short.class);
        scalar(Scalars.I32, int.class, Integer.class);
        scalar(Scalars.I64, long.class, Long.class);
        scalar(Scalars.F32, float.class, Float.class);
        scalar(Scalars.F64, double.class, Double.class);
        scalar(Scalars.CHAR, char.class, Character.class);
        scalar(Scalars.STRING, String.class);
        scalar(Scalars.BYTES, byte[].class);
        scalar(Scalars.NEUTRAL, NeutralMessage.class);
    }

    private final Type root;
    private final Map<Type, BareCodec<Object>> building = new HashMap<>();

    private Resolver(Type root) {
        this.root = root;
    }

    static BareCodec<Object> codec(Type type) {
        if (type == null) {
            throw new CodecException("Type cannot be encoded as BARE: null");
        }
        BareCodec<?> cached = CACHE.get(type);
        if (cached != null) {
            return BareCodec.cast(cached);
        }
        Resolver resolver = new Resolver(type);
        BareCodec<Object> built = resolver.resolve(type);
        resolver.building.values().forEach(BareCodec::minSize); // compute lazy sizes before publication
        resolver.building.forEach(CACHE::putIfAbsent);
        BareCodec<?> winner = CACHE.putIfAbsent(type, built);
        return winner != null ? BareCodec.cast(winner) : built;
    }

    private BareCodec<Object> resolve(Type type) {
        BareCodec<?> known = CACHE.get(type);
        if (known == null) {
            known = building.get(type);
        }
        if (known != null) {
            return BareCodec.cast(known);
        }
        BareCodec<Object> codec;
        if (type instanceof Class<?> c) {
            codec = ofClass(c);
        } else if (type instanceof ParameterizedType p) {
            codec = ofParameterized(p);
        } else if (type instanceof GenericArrayType g) {
            codec = array(g, g.getGenericComponentType());
        } else if (type instanceof WildcardType w && w.getLowerBounds().length == 0 && w.getUpperBounds().length == 1) {
            codec = resolve(w.getUpperBounds()[0]);
        } else if (type instanceof TypeVariable<?>) {
            throw unsupported(type, "a type variable has no concrete type; generic records are not supported");
        } else {
            throw unsupported(type, "no BARE mapping");
        }
        building.putIfAbsent(type, codec);
        return codec;
    }

    private BareCodec<Object> ofClass(Class<?> c) {
        if (c.isArray()) {
            return array(c, c.getComponentType());
        }
        if (c.isEnum()) {
            return BareCodec.cast(new EnumCodec(c));
        }
        if (c.getSuperclass() != null && c.getSuperclass().isEnum()) {
            return resolve(c.getSuperclass()); // an enum constant with a body
        }
        if (c.isRecord()) {
            Class<?> parent = sealedParent(c);
            return parent == null ? record(c) : variant(c, parent);
        }
        if (c.isInterface() && c.isSealed()) {
            return sealed(c);
        }
        if (c == Object.class) {
            throw unsupported(c, "Object carries no type; use a concrete type");
        }
        if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c) || c == Optional.class) {
            throw unsupported(c, "raw " + c.getSimpleName() + " without type arguments; pass a ParameterizedType"
                    + " such as new TypeRef<List<String>>() {}");
        }
        throw unsupported(c, "supported are String, byte[], primitives and their boxes, records, enums,"
                + " sealed interfaces of records, Optional, List, Set, Map, arrays and NeutralMessage");
    }

    private BareCodec<Object> ofParameterized(ParameterizedType p) {
        Class<?> raw = (Class<?>) p.getRawType();
        Type[] args = p.getActualTypeArguments();
        String name = p.getTypeName();
        if (raw == Optional.class) {
            return BareCodec.cast(new OptionalCodec(name, resolve(args[0])));
        }
        if (LISTS.contains(raw)) {
            return BareCodec.cast(new CollectionCodec(name, resolve(args[0]), false));
        }
        if (SETS.contains(raw)) {
            return BareCodec.cast(new CollectionCodec(name, resolve(args[0]), true));
        }
        if (MAPS.contains(raw)) {
            return BareCodec.cast(new MapCodec(name, resolve(args[0]), resolve(args[1])));
        }
        throw unsupported(p, raw.isRecord() ? "generic records are not supported"
                : "supported generic types are Optional, List, Collection, Set, Map and their common implementations");
    }

    private BareCodec<Object> array(Type arrayType, Type component) {
        Class<?> raw = rawClass(component);
        return new ArrayCodec(arrayType.getTypeName(), raw, resolve(component));
    }

    private Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof GenericArrayType g) {
            return rawClass(g.getGenericComponentType()).arrayType();
        }
        throw unsupported(t, "array of a type variable or wildcard");
    }

    /**
     * The sealed interface that permits {@code c}, or null. A record is one enum's variant at most: with two
     * sealed parents its bytes would depend on which one the receiver expects.
     */
    private Class<?> sealedParent(Class<?> c) {
        Class<?> found = null;
        for (Class<?> i : c.getInterfaces()) {
            if (i.isSealed() && Arrays.asList(i.getPermittedSubclasses()).contains(c)) {
                if (found != null) {
                    throw unsupported(c, "it is a variant of two sealed interfaces, " + found.getTypeName() + " and "
                            + i.getTypeName() + "; encode it as one of them with Bare.encode(value, type)");
                }
                found = i;
            }
        }
        return found;
    }

    /** A record with a sealed parent always travels as that enum's variant: index, then its fields. */
    private BareCodec<Object> variant(Class<?> c, Class<?> parent) {
        BareCodec<Object> enumCodec = resolve(parent);
        if (!(enumCodec instanceof SealedCodec sealed)) {
            throw unsupported(c, "its sealed parent " + parent.getTypeName() + " has no enum codec");
        }
        return new VariantCodec(c, sealed);
    }

    /** A record's fields without any variant index, as a sealed interface's codec embeds them. */
    private RecordCodec plainRecord(Class<?> c) {
        Plain key = new Plain(c);
        BareCodec<?> known = CACHE.get(key);
        if (known == null) {
            known = building.get(key);
        }
        return known != null ? (RecordCodec) known : (RecordCodec) record(c, key);
    }

    /** Cache key of a record's plain codec, distinct from the class's own (which may be a variant's). */
    private record Plain(Class<?> record) implements Type {
        @Override
        public String getTypeName() {
            return record.getTypeName();
        }
    }

    private BareCodec<Object> record(Class<?> c) {
        return record(c, c);
    }

    private BareCodec<Object> record(Class<?> c, Type key) {
        RecordCodec codec;
        try {
            codec = new RecordCodec(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unsupported(c, "record is not accessible (" + e + ")");
        }
        building.put(key, codec); // before the components, so a recursive reference finds it
        List<BareCodec<Object>> components = new ArrayList<>();
        for (RecordComponent rc : c.getRecordComponents()) {
            components.add(resolve(rc.getGenericType()));
        }
        codec.init(components);
        return codec;
    }

    private BareCodec<Object> sealed(Class<?> c) {
        SealedCodec codec = new SealedCodec(c);
        building.put(c, codec);
        List<RecordCodec> variants = new ArrayList<>();
        for (Class<?> v : codec.variants()) {
            if (!v.isRecord()) {
                throw unsupported(c, "permitted subclass " + v.getTypeName() + " is not a record");
            }
            variants.add(plainRecord(v));
        }
        codec.init(variants);
        return BareCodec.cast(codec);
    }

    private CodecException unsupported(Type type, String why) {
        String inside = type.equals(root) ? "" : ", inside " + root.getTypeName();
        return new CodecException(
                "Type cannot be encoded as BARE: " + type.getTypeName() + " (" + why + inside + ")");
    }

    private static void scalar(BareCodec<?> codec, Class<?>... types) {
        for (Class<?> t : types) {
            CACHE.put(t, codec);
        }
    }
}
