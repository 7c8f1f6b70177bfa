package io.vigil.models.onnx;

import com.google.protobuf.ByteString;
import io.vigil.models.onnx.proto.Onnx.AttributeProto;
import io.vigil.models.onnx.proto.Onnx.GraphProto;
import io.vigil.models.onnx.proto.Onnx.ModelProto;
import io.vigil.models.onnx.proto.Onnx.NodeProto;
import io.vigil.models.onnx.proto.Onnx.OperatorSetIdProto;
import io.vigil.models.onnx.proto.Onnx.StringStringEntryProto;
import io.vigil.models.onnx.proto.Onnx.TensorProto;
import io.vigil.models.onnx.proto.Onnx.TensorShapeProto;
import io.vigil.models.onnx.proto.Onnx.TypeProto;
import io.vigil.models.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Writes an ONNX graph (opset {@value #OPSET}) node by node on the ONNX protobuf classes. Every
 * value gets a unique generated name unless the caller names it; initializers are stored as raw
 * little-endian bytes. A dimension of {@code -1} becomes the symbolic batch dimension "N".
 */
public final class GraphBuilder {

  /** The ONNX opset all Vigil graphs use. */
  public static final int OPSET = 17;

  private static final int IR_VERSION = 8;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int counter;

  public GraphBuilder(String name) {
    graph.setName(name);
  }

  /** A node attribute. */
  public record Attr(AttributeProto proto) {
    public static Attr i(String name, long value) {
      return new Attr(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeProto.AttributeType.INT)
              .setI(value)
              .build());
    }

    public static Attr f(String name, float value) {
      return new Attr(
          AttributeProto.newBuilder()
              .setName(name)
              .setType(AttributeProto.AttributeType.FLOAT)
              .setF(value)
              .build());
    }

    public static Attr ints(String name, long... values) {
      AttributeProto.Builder b =
          AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
      for (long v : values) {
        b.addInts(v);
      }
      return new Attr(b.build());
    }
  }

  /** Declares a graph input of element type {@code elemType} (a TensorProto.DataType). */
  public String input(String name, TensorProto.DataType elemType, long... dims) {
    graph.addInput(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares {@code value} as a graph output. */
  public void output(String value, TensorProto.DataType elemType, long... dims) {
    graph.addOutput(valueInfo(value, elemType, dims));
  }

  /** Adds a node with one output, named {@code output} or generated when null. */
  public String node(String opType, String output, String[] inputs, Attr... attrs) {
    String out = output != null ? output : opType.toLowerCase(java.util.Locale.ROOT) + "_" + next();
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(out + "_node");
    for (String in : inputs) {
      n.addInput(in);
    }
    n.addOutput(out);
    for (Attr a : attrs) {
      n.addAttribute(a.proto());
    }
    graph.addNode(n);
    return out;
  }

  /** Adds a node with one generated output name. */
  public String op(String opType, String... inputs) {
    return node(opType, null, inputs);
  }

  public String floats(String name, float[] data, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : data) {
      b.putFloat(v);
    }
    return initializer(name, TensorProto.DataType.FLOAT, b.array(), dims);
  }

  public String int64s(String name, long[] data, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : data) {
      b.putLong(v);
    }
    return initializer(name, TensorProto.DataType.INT64, b.array(), dims);
  }

  public String int32s(String name, int[] data, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : data) {
      b.putInt(v);
    }
    return initializer(name, TensorProto.DataType.INT32, b.array(), dims);
  }

  public String int8s(String name, byte[] data, long... dims) {
    return initializer(name, TensorProto.DataType.INT8, data.clone(), dims);
  }

  public String uint8s(String name, byte[] data, long... dims) {
    return initializer(name, TensorProto.DataType.UINT8, data.clone(), dims);
  }

  /** A rank-1 int64 constant, e.g. for axes, shapes or slice bounds. */
  public String longs(long... values) {
    return int64s("const_" + next(), values, values.length);
  }

  /** A scalar float constant. */
  public String scalar(float value) {
    return floats("const_" + next(), new float[] {value});
  }

  private String initializer(String name, TensorProto.DataType type, byte[] raw, long... dims) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(type.getNumber())
            .setRawData(ByteString.copyFrom(raw));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** The finished model, with producer and metadata properties. */
  public ModelProto build(String doc, Map<String, String> metadata) {
    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName("vigil-models")
            .setProducerVersion("1")
            .setDomain("io.vigil")
            .setDocString(doc)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    metadata.forEach(
        (k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  private int next() {
    return counter++;
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(
          d < 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }
}
