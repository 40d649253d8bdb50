/** Perception's DS components: frames, pose fusion, map integration, clearance and the world model. */
package mechos.perception.internal;
