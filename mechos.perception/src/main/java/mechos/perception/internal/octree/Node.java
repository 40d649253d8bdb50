package mechos.perception.internal.octree;

/**
 * An octree node. A leaf has no children; an inner node holds the maximum log-odds of its existing children
 * (as OctoMap does), so a subtree whose value is not occupied contains no occupied cell.
 *
 * <p>Nodes reachable from a published {@link OctreeSnapshot} are never modified: the writer changes a node in
 * place only if it was created in the current {@code epoch}, and copies it otherwise.
 */
final class Node {
    float value;
    Node[] children;
    final int epoch;

    Node(float value, Node[] children, int epoch) {
        this.value = value;
        this.children = children;
        this.epoch = epoch;
    }

    boolean isLeaf() {
        return children == null;
    }
}
