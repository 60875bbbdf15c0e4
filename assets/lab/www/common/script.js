// The gallery's script: one more request the page causes. It counts the images once they loaded.
window.addEventListener('load', () => {
  const images = document.querySelectorAll('.gallery img')
  const loaded = [...images].filter((image) => image.complete && image.naturalWidth > 0).length
  document.getElementById('loaded').textContent = `${loaded} of ${images.length} images loaded`
})
