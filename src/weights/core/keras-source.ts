/** The canonical Keras Applications VGG19 (no top) weights file and the credit every conversion carries. */
export const KERAS_FILE = "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5";
export const KERAS_URL = `https://storage.googleapis.com/tensorflow/keras-applications/vgg19/${KERAS_FILE}`;
/** Published by Keras Applications alongside the file. */
export const KERAS_MD5 = "253f8cb515780f3b799900260a226db6";

export const VGG_CREDIT = "VGG19 ImageNet weights, Simonyan & Zisserman (arXiv:1409.1556), CC BY 4.0";
