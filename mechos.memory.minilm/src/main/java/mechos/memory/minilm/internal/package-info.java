/** The MiniLM embedder component (private). */
package mechos.memory.minilm.internal;
